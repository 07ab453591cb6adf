package expr

import "net"

// ConnAddrs is what inet_client_addr(), inet_client_port(),
// inet_server_addr() and inet_server_port() read of the session's
// connection. A Session without it (tests, sessions without a socket)
// answers NULL, as PostgreSQL does over a Unix socket.
type ConnAddrs interface {
	// ClientAddr is the peer's address, ServerAddr the local one.
	ClientAddr() net.Addr
	ServerAddr() net.Addr
}
