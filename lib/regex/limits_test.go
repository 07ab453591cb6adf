package regex

import (
	"errors"
	"strings"
	"testing"
)

func TestCheckerStopsLongMatches(t *testing.T) {
	canceled := errors.New("canceled")
	calls := 0
	check := func() error {
		calls++
		return canceled
	}
	long := strings.Repeat("ab", 100000)
	for _, pat := range []string{`(a|b)*c`, `(ab)*\1c`, `(?<=x)b`} {
		re, err := Compile(pat, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := re.Find(long, 0, true, check); err != canceled {
			t.Errorf("%s: got %v, want the checker's error", pat, err)
		}
	}
	if calls == 0 {
		t.Error("checker never called")
	}
}

func TestLimits(t *testing.T) {
	if _, err := Compile(`((((a{10}){10}){10}){10}){10}`, Options{}); err != ErrTooBig {
		t.Errorf("huge bound: got %v, want %v", err, ErrTooBig)
	}
	if _, err := Compile(strings.Repeat("(", 2000)+strings.Repeat(")", 2000), Options{}); err != ErrTooBig {
		t.Errorf("deep nesting: got %v, want %v", err, ErrTooBig)
	}
	// Exponential backtracking through a back reference stops at the
	// step budget.
	re, err := Compile(`^(a+)+\1$`, Options{})
	if err != nil {
		t.Fatal(err)
	}
	_, err = re.Find(strings.Repeat("a", 40)+"b", 0, false, nil)
	var ee *ExecError
	if !errors.As(err, &ee) {
		t.Errorf("backtracking: got %v, want an ExecError", err)
	}
	// Texts that cannot match even with back references read as any
	// text are ruled out without backtracking.
	re, err = Compile(`(a*)*\1b`, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if loc, err := re.Find(strings.Repeat("a", 40), 0, false, nil); loc != nil || err != nil {
		t.Errorf("got %v %v, want no match", loc, err)
	}
}

func TestFindFrom(t *testing.T) {
	re, err := Compile(`^b|\mc`, Options{})
	if err != nil {
		t.Fatal(err)
	}
	// The text before the search start still counts for ^ and \m.
	if loc, _ := re.Find("abc", 1, false, nil); loc != nil {
		t.Errorf("got %v, want no match", loc)
	}
	if loc, _ := re.Find("ab c", 1, false, nil); loc == nil || loc[0] != 3 {
		t.Errorf("got %v, want a match at 3", loc)
	}
}
