// Helpers other packages share with the built-in functions.

package builtins

// QuoteIdent quotes an identifier as quote_ident does.
func QuoteIdent(s string) string { return quoteIdent(s) }
