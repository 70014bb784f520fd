package preview

import (
	"math"
	"math/big"
	"testing"
)

func TestCountArithmetic(t *testing.T) {
	max := CountOf(math.MaxUint64)
	sum := max.Add(CountOf(1))
	countEq(t, "MaxUint64 + 1", sum, "18446744073709551616")
	if _, ok := sum.Uint64(); ok {
		t.Error("a big count claims to fit in uint64")
	}
	if n, ok := CountOf(42).Uint64(); !ok || n != 42 {
		t.Error("Uint64")
	}
	prod := max.Mul(max)
	countEq(t, "MaxUint64²", prod, "340282366920938463426481119284349108225")
	countEq(t, "back to small", CountOf(3).Mul(CountOf(5)), "15")
	if prod.Cmp(sum) <= 0 || sum.Cmp(max) <= 0 || max.Cmp(sum) >= 0 || CountOf(2).Cmp(CountOf(2)) != 0 {
		t.Error("Cmp")
	}
	if !(Count{}).IsZero() || CountOf(1).IsZero() || sum.IsZero() {
		t.Error("IsZero")
	}
	// Big never aliases the count's own value.
	b := sum.Big()
	b.SetInt64(0)
	countEq(t, "after modifying Big()", sum, "18446744073709551616")
	if got := countFromBig(big.NewInt(-1)); !got.IsZero() {
		t.Error("negative becomes 0")
	}
	if f := prod.Float64(); math.Abs(f-3.402823669209385e38)/f > 1e-15 {
		t.Errorf("Float64 = %v", f)
	}
}

func TestCountHuman(t *testing.T) {
	for _, tt := range []struct {
		c    Count
		want string
	}{
		{CountOf(0), "0"},
		{CountOf(999), "999"},
		{CountOf(1000), "1,000"},
		{CountOf(1234567), "1,234,567"},
		{CountOf(1e18), "1,000,000,000,000,000,000"},
		{CountOf(math.MaxUint64).Mul(CountOf(1e4)), "184,467,440,737,095,516,150,000"}, // 24 digits
		{CountOf(math.MaxUint64).Mul(CountOf(1e5)), "~1.84e+24"},                       // 25 digits
	} {
		if got := tt.c.Human(); got != tt.want {
			t.Errorf("Human(%s) = %s, want %s", tt.c, got, tt.want)
		}
	}
}

func TestAmountFormats(t *testing.T) {
	huge := amountOf(CountOf(math.MaxUint64).Mul(CountOf(math.MaxUint64)).float())
	for _, tt := range []struct {
		a                 Amount
		json, human1, usd string
	}{
		{Amount{}, "0", "0", "$0.00"},
		{AmountOf(-3), "0", "0", "$0.00"},
		{AmountOf(math.NaN()), "0", "0", "$0.00"},
		{AmountOf(1.3), "1.3", "1.3", "$1.30"},
		{AmountOf(41.65479452), "41.6548", "41.7", "$41.65"},
		{AmountOf(0.0065), "0.0065", "< 0.1", "$0.01"},
		{AmountOf(0.00001), "0", "< 0.1", "< $0.01"},
		{AmountOf(1234567.891), "1234567.891", "1,234,567.9", "$1,234,567.89"},
		{AmountOf(1e20), "100000000000000000000", "100,000,000,000,000,000,000", "$100,000,000,000,000,000,000.00"},
		{AmountOf(1e21), "1e+21", "1,000,000,000,000,000,000,000", "$1,000,000,000,000,000,000,000.00"},
		{huge, "3.4028236692093846e+38", "~3.40e+38", "$~3.40e+38"}, // 17 significant digits
	} {
		if got := tt.a.String(); got != tt.json {
			t.Errorf("String = %s, want %s", got, tt.json)
		}
		if got := tt.a.Human(1); got != tt.human1 {
			t.Errorf("Human(1) = %s, want %s", got, tt.human1)
		}
		if got := tt.a.USD(); got != tt.usd {
			t.Errorf("USD = %s, want %s", got, tt.usd)
		}
	}
	if AmountOf(2).Cmp(AmountOf(1)) != 1 || (Amount{}).Cmp(AmountOf(0)) != 0 || AmountOf(1).Sign() != 1 || (Amount{}).Sign() != 0 {
		t.Error("Cmp/Sign")
	}
	if AmountOf(2.5).Float64() != 2.5 || (Amount{}).Float64() != 0 {
		t.Error("Float64")
	}
}

func TestPercent(t *testing.T) {
	for f, want := range map[float64]string{0: "0%", 0.0004: "< 0.1%", 0.043: "4.3%", 0.1: "10%", 1.072: "107.2%", 1e6: "1e+08%"} {
		if got := Percent(f); got != want {
			t.Errorf("Percent(%v) = %s, want %s", f, got, want)
		}
	}
}
