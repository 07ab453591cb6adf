package bg

import "testing"

func TestArchiveCommand(t *testing.T) {
	const name = "000000010000000000000003"
	for _, c := range []struct{ template, want string }{
		{"cp %p /arch/%f", "cp pg_wal/" + name + " /arch/" + name},
		{"echo 100%% %x %", "echo 100% %x %"},
		{"test ! -f /a/%f && cp %p /a/%f", "test ! -f /a/" + name + " && cp pg_wal/" + name + " /a/" + name},
		{"%%p%%f%", "%p%f%"},
	} {
		if got := ArchiveCommand(c.template, name); got != c.want {
			t.Errorf("ArchiveCommand(%q) = %q, want %q", c.template, got, c.want)
		}
	}
}
