package bg

import (
	"testing"
	"time"
)

func TestStrftime(t *testing.T) {
	ts := time.Date(2026, 11, 21, 5, 7, 9, 0, time.UTC)
	got := strftime("postgresql-%Y-%m-%d_%H%M%S.log %a %j %%", ts)
	if want := "postgresql-2026-11-21_050709.log Sat 325 %"; got != want {
		t.Fatalf("got %q want %q", got, want)
	}
}
