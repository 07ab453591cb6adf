// Malformed start-up packets and protocol abuse must cost only the
// offending connection.

package integration

import (
	"context"
	"encoding/binary"
	"io"
	"net"
	"strconv"
	"strings"
	"testing"
	"time"
)

func startupPacket(version uint32, params ...string) []byte {
	body := make([]byte, 8)
	binary.BigEndian.PutUint32(body[4:], version)
	for _, p := range params {
		body = append(body, p...)
		body = append(body, 0)
	}
	body = append(body, 0)
	binary.BigEndian.PutUint32(body, uint32(len(body)))
	return body
}

func TestMalformedStartup(t *testing.T) {
	c := newCluster(t)
	c.start()
	addr := "127.0.0.1:" + strconv.Itoa(c.port)
	cases := []struct {
		name  string
		send  []byte
		close bool   // close our side right after sending
		reply string // substring expected in the reply, "" for none
	}{
		{name: "nothing", send: nil, close: true},
		{name: "partial length", send: []byte{0, 0}, close: true},
		{name: "tiny length", send: []byte{0, 0, 0, 4, 0, 0, 0, 0}},
		{name: "huge length", send: []byte{0x7f, 0xff, 0xff, 0xff, 0, 3, 0, 0}},
		{name: "truncated body", send: []byte{0, 0, 0, 100, 0, 3, 0, 0, 'u'}, close: true},
		{name: "garbage", send: []byte("GET / HTTP/1.1\r\nHost: x\r\n\r\n")},
		{name: "protocol 2", send: startupPacket(2<<16, "user", "x"), reply: "unsupported frontend protocol 2.0: server supports 3.0 to 3.0"},
		{name: "protocol 4", send: startupPacket(4<<16, "user", "x"), reply: "unsupported frontend protocol 4.0"},
		{name: "no user", send: startupPacket(3<<16, "database", "postgres"), reply: "no PostgreSQL user name specified in startup packet"},
		{name: "missing terminator", send: func() []byte {
			p := startupPacket(3<<16, "user", c.user)
			return p[:len(p)-1]
		}(), close: true},
		{name: "unknown role", send: startupPacket(3<<16, "user", "nobody_here"), reply: `role "nobody_here" does not exist`},
		{name: "unknown database", send: startupPacket(3<<16, "user", c.user, "database", "nodb"), reply: `database "nodb" does not exist`},
		{name: "ssl then close", send: []byte{0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f}, reply: "N", close: false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			conn, err := net.DialTimeout("tcp", addr, 5*time.Second)
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			conn.Write(tc.send)
			if tc.close {
				conn.(*net.TCPConn).CloseWrite()
			}
			conn.SetReadDeadline(time.Now().Add(5 * time.Second))
			reply, _ := io.ReadAll(conn)
			if tc.reply != "" && !strings.Contains(string(reply), tc.reply) {
				t.Fatalf("reply %q does not contain %q", reply, tc.reply)
			}
		})
	}
	// After all that, the server still serves a well-behaved client.
	conn := c.connect()
	var n int
	if err := conn.QueryRow(context.Background(), "SELECT 41 + 1").Scan(&n); err != nil || n != 42 {
		t.Fatalf("server unhealthy after malformed start-ups: %v\nlog:\n%s", err, c.log())
	}
	if pm := c.postmasterPID(); pm == 0 {
		t.Fatal("postmaster gone")
	}
}

func TestGarbageAfterStartup(t *testing.T) {
	c := newCluster(t)
	c.start()
	conn, err := net.Dial("tcp", "127.0.0.1:"+strconv.Itoa(c.port))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.Write(startupPacket(3<<16, "user", c.user, "database", "postgres"))
	conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	buf := make([]byte, 4096)
	n, _ := conn.Read(buf)
	if n == 0 || buf[0] != 'R' {
		t.Fatalf("no authentication reply: %q", buf[:n])
	}
	// An unknown message type, then a message claiming a 2 GB body.
	conn.Write([]byte{'!', 0, 0, 0, 4})
	reply, _ := io.ReadAll(conn)
	if !strings.Contains(string(reply), "invalid frontend message type") {
		t.Fatalf("reply to garbage: %q", reply)
	}
	c2 := c.connect()
	var one int
	if err := c2.QueryRow(context.Background(), "SELECT 1").Scan(&one); err != nil {
		t.Fatal(err)
	}
}
