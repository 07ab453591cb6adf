// This file lists the window functions (pg_proc.prokind 'w') that the
// executor's WindowAgg computes, by prosrc name.

package builtins

// WindowImplemented reports whether the window function implemented by
// PostgreSQL's C function src can be computed.
func WindowImplemented(src string) bool {
	switch src {
	case "window_row_number", "window_rank", "window_dense_rank", "window_percent_rank", "window_cume_dist",
		"window_ntile", "window_lag", "window_lag_with_offset", "window_lag_with_offset_and_default",
		"window_lead", "window_lead_with_offset", "window_lead_with_offset_and_default",
		"window_first_value", "window_last_value", "window_nth_value":
		return true
	}
	return false
}
