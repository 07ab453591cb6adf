// This file implements the functions and operators of inet and cidr
// (PostgreSQL's network.c) over lib/types' Inet, those of macaddr and
// macaddr8 (mac.c, mac8.c), and the session functions that report the
// connection's addresses.

package builtins

import (
	"net"
	"strings"

	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/types"
)

// inetFunc adapts a function whose first n arguments are inet values to
// an implementation.
func inetFunc(n int, f func(v []types.Inet, a []types.Datum) (types.Datum, error)) implEntry {
	return sess(func(_ *expr.EvalContext, a []types.Datum) (types.Datum, error) {
		var v [2]types.Inet
		for i := 0; i < n; i++ {
			v[i] = types.InetOf(a[i])
		}
		return f(v[:n], a)
	})
}

func addNetworkImpls(m map[string]implEntry) {
	m["network_cmp"] = inetFunc(2, func(v []types.Inet, _ []types.Datum) (types.Datum, error) {
		return types.Int(int64(types.CompareInet(&v[0], &v[1]))), nil
	})
	m["network_sub"] = inetFunc(2, func(v []types.Inet, _ []types.Datum) (types.Datum, error) {
		return types.Bool(types.InetContains(&v[1], &v[0], false)), nil
	})
	m["network_subeq"] = inetFunc(2, func(v []types.Inet, _ []types.Datum) (types.Datum, error) {
		return types.Bool(types.InetContains(&v[1], &v[0], true)), nil
	})
	m["network_sup"] = inetFunc(2, func(v []types.Inet, _ []types.Datum) (types.Datum, error) {
		return types.Bool(types.InetContains(&v[0], &v[1], false)), nil
	})
	m["network_supeq"] = inetFunc(2, func(v []types.Inet, _ []types.Datum) (types.Datum, error) {
		return types.Bool(types.InetContains(&v[0], &v[1], true)), nil
	})
	m["network_overlap"] = inetFunc(2, func(v []types.Inet, _ []types.Datum) (types.Datum, error) {
		return types.Bool(types.InetOverlaps(&v[0], &v[1])), nil
	})
	m["inet_same_family"] = inetFunc(2, func(v []types.Inet, _ []types.Datum) (types.Datum, error) {
		return types.Bool(v[0].Family == v[1].Family), nil
	})
	m["inet_abbrev"] = inetFunc(1, func(v []types.Inet, _ []types.Datum) (types.Datum, error) {
		return types.Text(string(types.AppendInet(nil, &v[0], false))), nil
	})
	m["cidr_abbrev"] = inetFunc(1, func(v []types.Inet, _ []types.Datum) (types.Datum, error) {
		return types.Text(string(types.AppendCidrAbbrev(nil, &v[0]))), nil
	})
	m["network_host"] = inetFunc(1, func(v []types.Inet, _ []types.Datum) (types.Datum, error) {
		return types.Text(string(types.AppendInetHost(nil, &v[0]))), nil
	})
	m["network_show"] = inetFunc(1, func(v []types.Inet, _ []types.Datum) (types.Datum, error) {
		return types.Text(string(types.AppendInetShow(nil, &v[0]))), nil
	})
	m["network_family"] = inetFunc(1, func(v []types.Inet, _ []types.Datum) (types.Datum, error) {
		if v[0].Family == types.InetFamily6 {
			return types.Int(6), nil
		}
		return types.Int(4), nil
	})
	m["network_masklen"] = inetFunc(1, func(v []types.Inet, _ []types.Datum) (types.Datum, error) {
		return types.Int(int64(v[0].Bits)), nil
	})
	// netmask and hostmask are full-length addresses; broadcast keeps
	// the mask length and sets the host bits; network clears them.
	m["network_netmask"] = inetFunc(1, func(v []types.Inet, _ []types.Datum) (types.Datum, error) {
		r := inetMask(&v[0], false)
		r.Bits = byte(v[0].MaxBits())
		return types.InetDatum(r), nil
	})
	m["network_hostmask"] = inetFunc(1, func(v []types.Inet, _ []types.Datum) (types.Datum, error) {
		r := inetMask(&v[0], true)
		r.Bits = byte(v[0].MaxBits())
		return types.InetDatum(r), nil
	})
	m["network_broadcast"] = inetFunc(1, func(v []types.Inet, _ []types.Datum) (types.Datum, error) {
		r, host := v[0], inetMask(&v[0], true)
		for i := range r.Addr {
			r.Addr[i] |= host.Addr[i]
		}
		return types.InetDatum(r), nil
	})
	m["network_network"] = inetFunc(1, func(v []types.Inet, _ []types.Datum) (types.Datum, error) {
		return types.InetDatum(v[0].Masked()), nil
	})
	m["inet_to_cidr"] = m["network_network"]
	m["inet_set_masklen"] = inetFunc(1, func(v []types.Inet, a []types.Datum) (types.Datum, error) {
		r, err := setMasklen(&v[0], a[1].Int())
		return types.InetDatum(r), err
	})
	m["cidr_set_masklen"] = inetFunc(1, func(v []types.Inet, a []types.Datum) (types.Datum, error) {
		r, err := setMasklen(&v[0], a[1].Int())
		return types.InetDatum(r.Masked()), err
	})
	m["inet_merge"] = inetFunc(2, func(v []types.Inet, _ []types.Datum) (types.Datum, error) {
		if v[0].Family != v[1].Family {
			return types.Null, pgerr.New(pgerr.InvalidParameterValue, "cannot merge addresses from different families")
		}
		r := v[0]
		r.Bits = byte(types.InetCommonBits(&v[0], &v[1], int(min(v[0].Bits, v[1].Bits))))
		return types.InetDatum(r.Masked()), nil
	})
	m["inetnot"] = inetFunc(1, func(v []types.Inet, _ []types.Datum) (types.Datum, error) {
		r := v[0]
		for i := range r.Addr {
			r.Addr[i] = ^r.Addr[i]
		}
		return types.InetDatum(r), nil
	})
	bitwise := func(verb string, op func(x, y byte) byte) implEntry {
		return inetFunc(2, func(v []types.Inet, _ []types.Datum) (types.Datum, error) {
			if v[0].Family != v[1].Family {
				return types.Null, pgerr.Newf(pgerr.InvalidParameterValue, "cannot %s inet values of different sizes", verb)
			}
			r := v[0]
			r.Bits = max(v[0].Bits, v[1].Bits)
			for i := range r.Addr {
				r.Addr[i] = op(v[0].Addr[i], v[1].Addr[i])
			}
			return types.InetDatum(r), nil
		})
	}
	m["inetand"] = bitwise("AND", func(x, y byte) byte { return x & y })
	m["inetor"] = bitwise("OR", func(x, y byte) byte { return x | y })
	m["inetpl"] = inetFunc(1, func(v []types.Inet, a []types.Datum) (types.Datum, error) {
		r, err := types.InetAdd(&v[0], a[1].Int())
		return types.InetDatum(r), err
	})
	m["inetmi_int8"] = inetFunc(1, func(v []types.Inet, a []types.Datum) (types.Datum, error) {
		// PostgreSQL negates without an overflow check: -INT64_MIN wraps.
		r, err := types.InetAdd(&v[0], -a[1].Int())
		return types.InetDatum(r), err
	})
	m["sql_int8pl_inet_2631"] = sess(func(_ *expr.EvalContext, a []types.Datum) (types.Datum, error) {
		v := types.InetOf(a[1])
		r, err := types.InetAdd(&v, a[0].Int())
		return types.InetDatum(r), err
	})
	m["inetmi"] = inetFunc(2, func(v []types.Inet, _ []types.Datum) (types.Datum, error) {
		n, err := types.InetSub(&v[0], &v[1])
		return types.Int(n), err
	})

	addMacaddrImpls(m)

	m["inet_client_addr"] = sess(func(ec *expr.EvalContext, _ []types.Datum) (types.Datum, error) {
		return connInet(ec, true)
	})
	m["inet_server_addr"] = sess(func(ec *expr.EvalContext, _ []types.Datum) (types.Datum, error) {
		return connInet(ec, false)
	})
	m["inet_client_port"] = sess(func(ec *expr.EvalContext, _ []types.Datum) (types.Datum, error) {
		return connPort(ec, true), nil
	})
	m["inet_server_port"] = sess(func(ec *expr.EvalContext, _ []types.Datum) (types.Datum, error) {
		return connPort(ec, false), nil
	})
}

// inetMask is the netmask of v's length (host false) or its complement.
func inetMask(v *types.Inet, host bool) types.Inet {
	r := types.Inet{Family: v.Family, Bits: v.Bits}
	for i := range r.Addr {
		r.Addr[i] = 0xff
	}
	r = r.Masked()
	if host {
		for i := 0; i < r.Size(); i++ {
			r.Addr[i] = ^r.Addr[i]
		}
	}
	return r
}

// setMasklen is inet_set_masklen's check: -1 means the full length.
func setMasklen(v *types.Inet, bits int64) (types.Inet, error) {
	if bits == -1 {
		bits = int64(v.MaxBits())
	}
	if bits < 0 || bits > int64(v.MaxBits()) {
		return types.Inet{}, pgerr.Newf(pgerr.InvalidParameterValue, "invalid mask length: %d", bits)
	}
	r := *v
	r.Bits = byte(bits)
	return r, nil
}

// connTCP is the client's (or the server's) TCP address; nil over a
// Unix socket or without a connection.
func connTCP(ec *expr.EvalContext, client bool) *net.TCPAddr {
	c, ok := ec.Session.(expr.ConnAddrs)
	if !ok {
		return nil
	}
	var a net.Addr
	if client {
		a = c.ClientAddr()
	} else {
		a = c.ServerAddr()
	}
	t, _ := a.(*net.TCPAddr)
	return t
}

// connInet is inet_client_addr and inet_server_addr: the address as
// network_in reads its text (a host address, full mask).
func connInet(ec *expr.EvalContext, client bool) (types.Datum, error) {
	t := connTCP(ec, client)
	if t == nil {
		return types.Null, nil
	}
	var v types.Inet
	if ip4 := t.IP.To4(); ip4 != nil {
		v.Family, v.Bits = types.InetFamily4, 32
		copy(v.Addr[:], ip4)
	} else if ip6 := t.IP.To16(); ip6 != nil {
		v.Family, v.Bits = types.InetFamily6, 128
		copy(v.Addr[:], ip6)
	} else {
		return types.Null, nil
	}
	return types.InetDatum(v), nil
}

// connPort is inet_client_port and inet_server_port.
func connPort(ec *expr.EvalContext, client bool) types.Datum {
	t := connTCP(ec, client)
	if t == nil {
		return types.Null
	}
	return types.Int(int64(t.Port))
}

// macBytes adapts a function of MAC address bytes to an implementation.
func macBytes(f func(a [][]byte) ([]byte, error)) implEntry {
	return textN(func(args []types.Datum) (types.Datum, error) {
		b := make([][]byte, len(args))
		for i, d := range args {
			b[i] = []byte(d.Text())
		}
		r, err := f(b)
		if err != nil {
			return types.Null, err
		}
		return types.MacaddrDatum(r), nil
	})
}

func addMacaddrImpls(m map[string]implEntry) {
	for _, prefix := range []string{"macaddr", "macaddr8"} {
		m[prefix+"_cmp"] = textN(func(a []types.Datum) (types.Datum, error) {
			return types.Int(int64(strings.Compare(a[0].Text(), a[1].Text()))), nil
		})
		m[prefix+"_not"] = macBytes(func(a [][]byte) ([]byte, error) {
			for i := range a[0] {
				a[0][i] = ^a[0][i]
			}
			return a[0], nil
		})
		m[prefix+"_and"] = macBytes(func(a [][]byte) ([]byte, error) {
			for i := range a[0] {
				a[0][i] &= a[1][i]
			}
			return a[0], nil
		})
		m[prefix+"_or"] = macBytes(func(a [][]byte) ([]byte, error) {
			for i := range a[0] {
				a[0][i] |= a[1][i]
			}
			return a[0], nil
		})
		// trunc keeps the manufacturer's part, the first three bytes.
		m[prefix+"_trunc"] = macBytes(func(a [][]byte) ([]byte, error) {
			clear(a[0][3:])
			return a[0], nil
		})
	}
	m["macaddr8_set7bit"] = macBytes(func(a [][]byte) ([]byte, error) {
		a[0][0] |= 0x02
		return a[0], nil
	})
	m["macaddrtomacaddr8"] = macBytes(func(a [][]byte) ([]byte, error) {
		b := a[0]
		return []byte{b[0], b[1], b[2], 0xff, 0xfe, b[3], b[4], b[5]}, nil
	})
	m["macaddr8tomacaddr"] = macBytes(func(a [][]byte) ([]byte, error) {
		b := a[0]
		if b[3] != 0xff || b[4] != 0xfe {
			return nil, pgerr.New(pgerr.InvalidParameterValue, "macaddr8 data out of range to convert to macaddr").
				WithHint("Only addresses that have FF and FE as values in the 4th and 5th bytes from the left, for example xx:xx:xx:ff:fe:xx:xx:xx, are eligible to be converted from macaddr8 to macaddr.")
		}
		return []byte{b[0], b[1], b[2], b[5], b[6], b[7]}, nil
	})
}
