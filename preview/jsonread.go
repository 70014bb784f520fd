package preview

import (
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/tidwall/gjson"
)

// Readers of single JSON values with messages that say what was expected.
// Each returns the message of what is wrong ("" when the value is good); the
// caller adds the path.

// describe shows a JSON value briefly in a message.
func describe(v gjson.Result) string {
	if !v.Exists() {
		return "missing"
	}
	raw := v.Raw
	if len(raw) > 40 {
		raw = raw[:37] + "..."
	}
	return raw
}

// wholeNumber reads a whole number from min to math.MaxUint64. JSON numbers
// are read from their text so values past 2^53 stay exact.
func wholeNumber(v gjson.Result, min uint64, example string) (uint64, string) {
	bad := func() (uint64, string) {
		return 0, "is " + describe(v) + "; it must be a whole number, " + strconv.FormatUint(min, 10) + " or more, without quotes (e.g. " + example + ")"
	}
	if v.Type != gjson.Number {
		return bad()
	}
	n, err := strconv.ParseUint(v.Raw, 10, 64)
	if err != nil {
		// 1e9 or 12.0 are whole numbers written another way.
		f, ferr := strconv.ParseFloat(v.Raw, 64)
		if ferr != nil || f != math.Trunc(f) || f < 0 || f >= math.Exp2(64) {
			if ferr == nil && f >= math.Exp2(64) {
				return 0, "is " + describe(v) + "; the largest accepted value is " + strconv.FormatUint(math.MaxUint64, 10)
			}
			return bad()
		}
		n = uint64(f)
	}
	if n < min {
		return bad()
	}
	return n, ""
}

// realNumber reads a finite number of at least min.
func realNumber(v gjson.Result, min float64, example string) (float64, string) {
	if v.Type != gjson.Number {
		return 0, "is " + describe(v) + "; it must be a number without quotes (e.g. " + example + ")"
	}
	f, err := strconv.ParseFloat(v.Raw, 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) || f < min {
		return 0, "is " + describe(v) + "; it must be a number, " + strconv.FormatFloat(min, 'f', -1, 64) + " or more (e.g. " + example + ")"
	}
	return f, ""
}

func boolean(v gjson.Result) (bool, string) {
	if v.Type != gjson.True && v.Type != gjson.False {
		return false, "is " + describe(v) + "; it must be true or false, without quotes"
	}
	return v.Bool(), ""
}

// unknownKey explains a key that is not one of known.
func unknownKey(key string, known []string) string {
	k := append([]string(nil), known...)
	sort.Strings(k)
	return "is not a setting here; the settings are " + strings.Join(k, ", ") + " (check the spelling)"
}
