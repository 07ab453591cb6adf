// Package exec runs plan trees. Each plan node becomes a pull iterator
// (PostgreSQL's executor nodes) when an execution starts; expressions are
// compiled at that point. Scans and the one-row result check for
// cancellation on every row, so a canceled statement stops at the next
// row or inside the function that is waiting.
package exec
