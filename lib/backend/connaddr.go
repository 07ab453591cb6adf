package backend

import "net"

// ClientAddr and ServerAddr give inet_client_addr() and friends the
// connection's addresses (expr.ConnAddrs).
func (s *session) ClientAddr() net.Addr { return s.conn.RemoteAddr() }
func (s *session) ServerAddr() net.Addr { return s.conn.LocalAddr() }
