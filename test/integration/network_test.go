// inet, cidr, macaddr and timetz on the wire: the session's addresses
// over TCP and the binary formats, which must be PostgreSQL's bytes.

package integration

import (
	"context"
	"encoding/hex"
	"strconv"
	"testing"
)

// TestNetworkAndTimetzWire reads inet_client_addr() and friends over a
// TCP connection, then sends and receives inet, cidr, macaddr, macaddr8,
// timetz and an inet array in the binary format (the expected bytes are
// PostgreSQL 15's), through a table as well.
func TestNetworkAndTimetzWire(t *testing.T) {
	c := newCluster(t)
	c.start()
	ctx := context.Background()
	conn := c.connect()
	defer conn.Close(ctx)

	var client, server string
	var serverPort int
	var clientPortOK bool
	err := conn.QueryRow(ctx, `SELECT inet_client_addr()::text, inet_server_addr()::text, inet_server_port(), inet_client_port() > 0`).
		Scan(&client, &server, &serverPort, &clientPortOK)
	if err != nil {
		t.Fatal(err)
	}
	if client != "127.0.0.1/32" || server != "127.0.0.1/32" || serverPort != c.port || !clientPortOK {
		t.Errorf("addresses: client %s, server %s port %d (want %d), client port > 0: %v", client, server, serverPort, c.port, clientPortOK)
	}

	const query = `SELECT '1.2.3.4/24'::inet, '10.0.0.0/8'::cidr, '::1'::inet, '2001:db8::/32'::cidr,
		'12:34:56.5+02'::timetz, '00:00-15:59:59'::timetz, '08:00:2b:01:02:03'::macaddr,
		'08:00:2b:01:02:03:04:05'::macaddr8, '{1.2.3.4,::1}'::inet[]`
	want := []string{
		"0218000401020304", "020801040a000000", "0380001000000000000000000000000000000001",
		"0320011020010db8000000000000000000000000", "0000000a8be1bd20ffffe3e0", "00000000000000000000e0ff",
		"08002b010203", "08002b0102030405",
		"0000000100000000000003650000000200000001000000080220000401020304000000140380001000000000000000000000000000000001",
	}
	check := func(what string, values [][]byte) {
		t.Helper()
		if len(values) != len(want) {
			t.Fatalf("%s: %d values, want %d", what, len(values), len(want))
		}
		for i, v := range values {
			if got := hex.EncodeToString(v); got != want[i] {
				t.Errorf("%s: column %d is %s, want %s", what, i+1, got, want[i])
			}
		}
	}
	pc := conn.PgConn()
	res := pc.ExecParams(ctx, query, nil, nil, nil, []int16{1}).Read()
	if res.Err != nil || len(res.Rows) != 1 {
		t.Fatalf("binary results: %v, %d rows", res.Err, len(res.Rows))
	}
	check("literals", res.Rows[0])

	// The same bytes as binary parameters, stored in a table and read
	// back in binary.
	if _, err := conn.Exec(ctx, `CREATE TABLE wire_net (i inet, c cidr, i6 inet, c6 cidr, t timetz, t2 timetz, m macaddr, m8 macaddr8, a inet[])`); err != nil {
		t.Fatal(err)
	}
	params := make([][]byte, len(want))
	formats := make([]int16, len(want))
	for i, h := range want {
		params[i], _ = hex.DecodeString(h)
		formats[i] = 1
	}
	oids := []uint32{869, 650, 869, 650, 1266, 1266, 829, 774, 1041}
	insert := "INSERT INTO wire_net VALUES ("
	for i := range want {
		if i > 0 {
			insert += ", "
		}
		insert += "$" + strconv.Itoa(i+1)
	}
	insert += ")"
	if res := pc.ExecParams(ctx, insert, params, oids, formats, nil).Read(); res.Err != nil {
		t.Fatal(res.Err)
	}
	res = pc.ExecParams(ctx, `SELECT * FROM wire_net`, nil, nil, nil, []int16{1}).Read()
	if res.Err != nil || len(res.Rows) != 1 {
		t.Fatalf("table: %v, %d rows", res.Err, len(res.Rows))
	}
	check("table", res.Rows[0])

	// A cidr with host bits set is refused in binary input too.
	bad, _ := hex.DecodeString("0218010401020304")
	if res := pc.ExecParams(ctx, `SELECT $1::cidr`, [][]byte{bad}, []uint32{650}, []int16{1}, nil).Read(); res.Err == nil {
		t.Error("binary cidr 1.2.3.4/24 accepted")
	}
}
