// Clone: a copy whose changes never reach the original, and the other
// way round (pooled backends start each session from a clone).

package config

import "testing"

func TestCloneIsIndependent(t *testing.T) {
	base := New()
	if err := base.Set("work_mem", "8MB", ContextBackend, SourceClient); err != nil {
		t.Fatal(err)
	}
	if err := base.Set("myext.knob", "1", ContextUser, SourceSession); err != nil {
		t.Fatal(err)
	}
	c := base.Clone()
	for _, n := range []string{"work_mem", "myext.knob"} {
		a, _ := base.Show(n)
		b, _ := c.Show(n)
		if a != b {
			t.Fatalf("clone shows %s = %q, original %q", n, b, a)
		}
	}
	// A session's changes, in and out of a transaction, stay in the clone.
	c.BeginTransaction()
	if err := c.Set("work_mem", "64MB", ContextUser, SourceSession); err != nil {
		t.Fatal(err)
	}
	if err := c.Set("myext.knob", "2", ContextUser, SourceSession); err != nil {
		t.Fatal(err)
	}
	c.AtTransactionEnd(true)
	if err := c.Set("search_path", "pg_catalog", ContextUser, SourceSession); err != nil {
		t.Fatal(err)
	}
	for n, want := range map[string]string{"work_mem": "8MB", "myext.knob": "1", "search_path": `"$user", public`} {
		if got, _ := base.Show(n); got != want {
			t.Errorf("original %s = %q after the clone changed it, want %q", n, got, want)
		}
	}
	if got, _ := c.Show("work_mem"); got != "64MB" {
		t.Errorf("clone work_mem = %q, want 64MB", got)
	}
	// RESET in the clone goes back to the reset value it inherited.
	if err := c.Reset("work_mem", ContextUser); err != nil {
		t.Fatal(err)
	}
	if got, _ := c.Show("work_mem"); got != "8MB" {
		t.Errorf("clone work_mem after RESET = %q, want 8MB", got)
	}
}
