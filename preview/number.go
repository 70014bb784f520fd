package preview

import (
	"math"
	"math/big"
	"math/bits"
	"strconv"
	"strings"
)

// Count is an exact, non-negative whole number: tag combinations, hosts,
// series, custom metrics. Values that fit in a uint64 (every realistic one)
// cost no allocation; larger ones, such as a billion tag values on a billion
// hosts times a multiplier, move to math/big instead of wrapping around.
// The zero value is 0. A Count is immutable.
type Count struct {
	small uint64
	big   *big.Int // set only for values above math.MaxUint64; never mutated
}

// CountOf returns n as a Count.
func CountOf(n uint64) Count { return Count{small: n} }

func countFromBig(b *big.Int) Count {
	if b.Sign() < 0 {
		return Count{}
	}
	if b.IsUint64() {
		return Count{small: b.Uint64()}
	}
	return Count{big: b}
}

// Uint64 returns the value and whether it fits in a uint64.
func (c Count) Uint64() (uint64, bool) {
	if c.big != nil {
		return math.MaxUint64, false
	}
	return c.small, true
}

// IsZero reports whether the count is 0.
func (c Count) IsZero() bool { return c.big == nil && c.small == 0 }

// Big returns the value as a new big.Int the caller may modify.
func (c Count) Big() *big.Int {
	if c.big != nil {
		return new(big.Int).Set(c.big)
	}
	return new(big.Int).SetUint64(c.small)
}

// bigInt is Big without the copy, for read-only use.
func (c Count) bigInt() *big.Int {
	if c.big != nil {
		return c.big
	}
	return new(big.Int).SetUint64(c.small)
}

// Add returns c + d.
func (c Count) Add(d Count) Count {
	if c.big == nil && d.big == nil {
		if s, carry := bits.Add64(c.small, d.small, 0); carry == 0 {
			return Count{small: s}
		}
	}
	return countFromBig(new(big.Int).Add(c.bigInt(), d.bigInt()))
}

// Mul returns c × d.
func (c Count) Mul(d Count) Count {
	if c.big == nil && d.big == nil {
		if hi, lo := bits.Mul64(c.small, d.small); hi == 0 {
			return Count{small: lo}
		}
	}
	return countFromBig(new(big.Int).Mul(c.bigInt(), d.bigInt()))
}

// MulUint returns c × n.
func (c Count) MulUint(n uint64) Count { return c.Mul(Count{small: n}) }

// Cmp compares c and d: -1, 0 or +1.
func (c Count) Cmp(d Count) int {
	if c.big == nil && d.big == nil {
		switch {
		case c.small < d.small:
			return -1
		case c.small > d.small:
			return 1
		}
		return 0
	}
	return c.bigInt().Cmp(d.bigInt())
}

// Float64 returns the nearest float64 (+Inf beyond its range).
func (c Count) Float64() float64 {
	if c.big == nil {
		return float64(c.small)
	}
	f, _ := new(big.Float).SetInt(c.big).Float64()
	return f
}

// String returns every decimal digit, as JSON shows it.
func (c Count) String() string {
	if c.big != nil {
		return c.big.String()
	}
	return strconv.FormatUint(c.small, 10)
}

// MarshalJSON writes the exact value as a JSON number.
func (c Count) MarshalJSON() ([]byte, error) { return []byte(c.String()), nil }

// humanDigits is the longest figure shown digit by digit; longer ones are
// shown in scientific notation so a table stays readable.
const humanDigits = 24

// Human returns the count for people: digits grouped in thousands
// (1,234,567), or scientific notation (~1.23e+90) past 24 digits.
func (c Count) Human() string {
	s := c.String()
	if len(s) > humanDigits {
		return sci(s)
	}
	return groupDigits(s)
}

func (c Count) float() *big.Float {
	f := new(big.Float).SetPrec(amountPrec)
	if c.big != nil {
		return f.SetInt(c.big)
	}
	return f.SetUint64(c.small)
}

// amountPrec is the mantissa of an Amount in bits: about 77 significant
// decimal digits, far beyond any figure a person reads.
const amountPrec = 256

// Amount is a non-negative real quantity: billable custom metrics (an
// average over the month, so it has a fraction), overage, money. It is a
// big.Float underneath, so it never overflows, whatever the inputs. The zero
// value is 0. An Amount is immutable.
type Amount struct {
	f *big.Float // nil means 0; never mutated
}

func amountOf(f *big.Float) Amount {
	if f.Sign() <= 0 {
		return Amount{}
	}
	return Amount{f: f}
}

func (a Amount) val() *big.Float {
	if a.f == nil {
		return new(big.Float).SetPrec(amountPrec)
	}
	return a.f
}

// AmountOf returns x as an Amount (negative values and NaN become 0).
func AmountOf(x float64) Amount {
	if !(x > 0) || math.IsInf(x, 0) {
		return Amount{}
	}
	return Amount{f: new(big.Float).SetPrec(amountPrec).SetFloat64(x)}
}

// Float64 returns the nearest float64 (+Inf beyond its range).
func (a Amount) Float64() float64 {
	if a.f == nil {
		return 0
	}
	f, _ := a.f.Float64()
	return f
}

// Sign returns 0 for zero and +1 otherwise (an Amount is never negative).
func (a Amount) Sign() int {
	if a.f == nil {
		return 0
	}
	return a.f.Sign()
}

// Cmp compares a and b: -1, 0 or +1.
func (a Amount) Cmp(b Amount) int { return a.val().Cmp(b.val()) }

// jsonLimit is where JSON switches from plain decimals to an exponent.
var jsonLimit = new(big.Float).SetFloat64(1e21)

// String returns the amount as a JSON number: a plain decimal with at most
// four decimals (trailing zeros dropped), or scientific notation from 1e21.
func (a Amount) String() string {
	if a.f == nil {
		return "0"
	}
	if a.f.Cmp(jsonLimit) >= 0 {
		mant, exp, _ := strings.Cut(a.f.Text('e', 16), "e")
		return trimZeros(mant) + "e" + exp
	}
	return trimZeros(a.f.Text('f', 4))
}

// MarshalJSON writes the amount as a JSON number (see String).
func (a Amount) MarshalJSON() ([]byte, error) { return []byte(a.String()), nil }

// Human returns the amount for people with at most decimals decimals:
// 1,234.5 or ~1.23e+90 past 24 digits.
func (a Amount) Human(decimals int) string {
	if a.f == nil {
		return "0"
	}
	s := a.f.Text('f', decimals)
	intPart, frac, _ := strings.Cut(s, ".")
	if len(intPart) > humanDigits {
		return sci(intPart)
	}
	out := groupDigits(intPart)
	if frac = strings.TrimRight(frac, "0"); frac != "" {
		out += "." + frac
	}
	if out == "0" && a.f.Sign() > 0 {
		return "< " + smallest(decimals)
	}
	return out
}

// USD returns a sum of money: $1,234.56, "< $0.01" for a nonzero sum under
// a cent, $0.00 for nothing.
func (a Amount) USD() string {
	if a.f == nil {
		return "$0.00"
	}
	s := a.f.Text('f', 2)
	intPart, frac, _ := strings.Cut(s, ".")
	if len(intPart) > humanDigits {
		return "$" + sci(intPart)
	}
	if s == "0.00" && a.f.Sign() > 0 {
		return "< $0.01"
	}
	return "$" + groupDigits(intPart) + "." + frac
}

func smallest(decimals int) string {
	if decimals <= 0 {
		return "1"
	}
	return "0." + strings.Repeat("0", decimals-1) + "1"
}

func trimZeros(s string) string {
	if !strings.Contains(s, ".") {
		return s
	}
	s = strings.TrimRight(s, "0")
	return strings.TrimSuffix(s, ".")
}

// groupDigits puts a comma between each group of three digits.
func groupDigits(digits string) string {
	n := len(digits)
	if n <= 3 {
		return digits
	}
	var b strings.Builder
	b.Grow(n + n/3)
	head := n % 3
	if head == 0 {
		head = 3
	}
	b.WriteString(digits[:head])
	for i := head; i < n; i += 3 {
		b.WriteByte(',')
		b.WriteString(digits[i : i+3])
	}
	return b.String()
}

// sci turns a long run of digits into ~d.dde+N (truncated, hence the ~).
func sci(digits string) string {
	return "~" + digits[:1] + "." + digits[1:3] + "e+" + strconv.Itoa(len(digits)-1)
}
