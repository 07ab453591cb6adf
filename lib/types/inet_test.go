package types

import "testing"

// TestInetText checks input and output against PostgreSQL 15's answers.
func TestInetText(t *testing.T) {
	for _, c := range []struct {
		oid      uint32
		in, want string
	}{
		{OidInet, "1.2.3.4", "1.2.3.4"},
		{OidInet, "1.2.3.4/24", "1.2.3.4/24"},
		{OidInet, "10.0.0.0/8", "10.0.0.0/8"},
		{OidInet, "10/8", "10.0.0.0/8"},
		{OidCidr, "10", "10.0.0.0/8"},
		{OidCidr, "10.1", "10.1.0.0/16"},
		{OidCidr, "224", "224.0.0.0/4"},
		{OidCidr, "192.168.1/24", "192.168.1.0/24"},
		{OidCidr, "0x0a", "10.0.0.0/8"},
		{OidCidr, "1.2.3.4", "1.2.3.4/32"},
		{OidInet, "::ffff:1.2.3.4", "::ffff:1.2.3.4"},
		{OidInet, "::1.2.3.4", "::1.2.3.4"},
		{OidInet, "::1", "::1"},
		{OidInet, "::", "::"},
		{OidInet, "fe80::1/64", "fe80::1/64"},
		{OidInet, "::0.0.0.2", "::2"},
		{OidInet, "2001:DB8:0:0:1:0:0:1", "2001:db8::1:0:0:1"},
		{OidCidr, "2001:db8::/32", "2001:db8::/32"},
	} {
		d, err := ParseText(c.oid, -1, c.in, nil)
		if err != nil {
			t.Errorf("%q: %v", c.in, err)
			continue
		}
		if got := FormatText(c.oid, d, nil); got != c.want {
			t.Errorf("%q: got %q, want %q", c.in, got, c.want)
		}
		b, err := AppendBinary(nil, c.oid, d)
		if err != nil {
			t.Fatal(err)
		}
		d2, err := ParseBinary(c.oid, -1, b)
		if err != nil || Compare(c.oid, d, d2) != 0 {
			t.Errorf("%q: binary round trip: %v", c.in, err)
		}
	}
	for _, c := range []struct {
		oid uint32
		in  string
		msg string
	}{
		{OidInet, " 1.2.3.4", `invalid input syntax for type inet: " 1.2.3.4"`},
		{OidInet, "1.2.3", `invalid input syntax for type inet: "1.2.3"`},
		{OidInet, "1.2.3.4/33", `invalid input syntax for type inet: "1.2.3.4/33"`},
		{OidInet, "", `invalid input syntax for type inet: ""`},
		{OidCidr, "192.168.1.5/24", `invalid cidr value: "192.168.1.5/24"`},
	} {
		if _, err := ParseText(c.oid, -1, c.in, nil); err == nil || err.Error() != c.msg {
			t.Errorf("%q: got %v, want %s", c.in, err, c.msg)
		}
	}
}

func TestCidrAbbrev(t *testing.T) {
	for in, want := range map[string]string{
		"10.1.0.0/16":        "10.1/16",
		"::ffff:1.2.3.0/120": "::ffff:1.2.3/120",
		"0.0.0.0/0":          "0/0",
		"::/0":               "::/0",
		"2001:db8::/32":      "2001:db8/32",
	} {
		d, err := ParseText(OidCidr, -1, in, nil)
		if err != nil {
			t.Fatal(err)
		}
		v := InetOf(d)
		if got := string(AppendCidrAbbrev(nil, &v)); got != want {
			t.Errorf("%q: got %q, want %q", in, got, want)
		}
	}
}
