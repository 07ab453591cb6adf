// Package toast holds the stored forms of TOASTed values and PostgreSQL's
// pglz compressor, with no dependency on relations or buffers: the
// "The Oversized-Attribute Storage Technique" formats of PostgreSQL 15's
// varatt.h (postgres.h), toast_compression.c and common/pg_lzcompress.c.
// lib/access/heap decides what to compress and what to move out of line,
// and stores and fetches the chunks.
//
// # Formats
//
//   - Inline compressed: a 4-byte varlena header with the low bits 10
//     (size << 2 | 2, size including the header), then va_tcinfo (raw
//     size in the low 30 bits, compression method in the top 2), then the
//     compressed bytes.
//   - External (on disk): a 1-byte header 0x01, the tag VARTAG_ONDISK (18),
//     then varatt_external {va_rawsize, va_extinfo, va_valueid,
//     va_toastrelid}, 18 bytes in all, never aligned. va_extinfo is the
//     stored size in the TOAST table and, for a compressed value, its
//     method. The stored bytes of a compressed external value are
//     va_tcinfo and the compressed stream.
//
// # Compression
//
// pglz (method 0) with PGLZ_strategy_default, whose output is
// byte-identical to PostgreSQL's for the same input (tested against a
// PostgreSQL 15 server's files in lib/access/heap), and lz4 (method 1):
// an LZ4 block, as lz4_compress_datum stores it, made by a port of
// liblz4's LZ4_compress_default (lz4.go) whose bytes are liblz4 1.9.4's
// (lz4_test.go), so values take the room they take in PostgreSQL; a datum
// PostgreSQL 15 wrote is read back in the tests. The caller chooses the
// method: the column's attcompression,
// else default_toast_compression (AttrMethod). Decompression checks its
// input and reports corrupt data as an error (XX001), never a panic.
package toast
