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

// TestTimeTZ checks timetz input, output, order and the binary format.
func TestTimeTZ(t *testing.T) {
	for in, want := range map[string]string{
		"04:05:06+02":                   "04:05:06+02",
		"04:05:06.789-08":               "04:05:06.789-08",
		"04:05 +05:30":                  "04:05:00+05:30",
		"12:00:00+05:30:15":             "12:00:00+05:30:15",
		"24:00:00-15:59":                "24:00:00-15:59",
		"allballs":                      "00:00:00+00",
		"04:05 PST":                     "04:05:00-08",
		"04:05:06 Etc/GMT+5":            "04:05:06-05",
		"2024-07-01 04:05 CET":          "04:05:00+01",
		"2024-07-01 04:05 Europe/Paris": "04:05:00+02",
	} {
		d, err := ParseText(OidTimetz, -1, in, nil)
		if err != nil {
			t.Errorf("%q: %v", in, err)
			continue
		}
		if got := FormatText(OidTimetz, d, nil); got != want {
			t.Errorf("%q: got %q, want %q", in, got, want)
		}
		b, _ := AppendBinary(nil, OidTimetz, d)
		if d2, err := ParseBinary(OidTimetz, -1, b); err != nil || Compare(OidTimetz, d, d2) != 0 || len(b) != 12 {
			t.Errorf("%q: binary round trip: %v", in, err)
		}
	}
	for _, in := range []string{"04:05:06 America/New_York", "Jan 8 1999 04:05", "25:00+00", "abc"} {
		if _, err := ParseText(OidTimetz, -1, in, nil); err == nil {
			t.Errorf("%q accepted", in)
		}
	}
	a, _ := ParseText(OidTimetz, -1, "12:00+02", nil)
	b, _ := ParseText(OidTimetz, -1, "10:00+00", nil)
	if c := Compare(OidTimetz, a, b); c != -1 {
		t.Errorf("12:00+02 vs 10:00+00: %d, want -1 (same instant, zone west -7200 < 0)", c)
	}
}

// TestMacaddr checks macaddr and macaddr8 input spellings and output.
func TestMacaddr(t *testing.T) {
	for _, c := range []struct {
		oid      uint32
		in, want string
	}{
		{OidMacaddr, "08-00-2b-01-02-03", "08:00:2b:01:02:03"},
		{OidMacaddr, "0800.2b01.0203", "08:00:2b:01:02:03"},
		{OidMacaddr, "8:0:2B:1:2:3 ", "08:00:2b:01:02:03"},
		{OidMacaddr, "08002b010203", "08:00:2b:01:02:03"},
		{OidMacaddr8, "08:00:2b:01:02:03", "08:00:2b:ff:fe:01:02:03"},
		{OidMacaddr8, "0800.2b01.0203.0405", "08:00:2b:01:02:03:04:05"},
	} {
		d, err := ParseText(c.oid, -1, c.in, nil)
		if err != nil {
			t.Errorf("%q: %v", c.in, err)
			continue
		}
		if got := FormatText(c.oid, d, nil); got != c.want {
			t.Errorf("%q: got %q, want %q", c.in, got, c.want)
		}
	}
	for _, c := range []struct {
		oid uint32
		in  string
	}{{OidMacaddr, "08:00:2b:01:02"}, {OidMacaddr, "08:00:2b:01:02:100"}, {OidMacaddr8, "08:00-2b:01:02:03"}, {OidMacaddr8, "08:00:2b:01:02:03:04"}} {
		if _, err := ParseText(c.oid, -1, c.in, nil); err == nil {
			t.Errorf("%q accepted", c.in)
		}
	}
}
