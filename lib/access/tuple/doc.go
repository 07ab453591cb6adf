// Package tuple is the on-disk row format: tuple descriptors and heap
// tuples as PostgreSQL lays them out (src/include/access/htup_details.h,
// src/backend/access/common/heaptuple.c, tupdesc.c).
//
// A heap tuple is HeapTupleHeaderData (23 bytes: t_xmin, t_xmax,
// t_cid, t_ctid, t_infomask2, t_infomask, t_hoff), an optional null bitmap,
// padding to MAXALIGN (8), then the non-null attributes in order, each
// aligned to its type's alignment. Variable-length values carry a varlena
// header: one byte for values up to 126 bytes (not aligned), four bytes
// otherwise. Fixed-length values are stored little-endian, as PostgreSQL on
// x86-64, so a tuple written here reads like one of PostgreSQL's.
//
// Types whose in-memory form is not a byte string (numeric, interval,
// arrays) are stored in their binary wire format inside the varlena or
// fixed-size slot; those bytes are gpostgres's own and differ from
// PostgreSQL's internal numeric/array layouts.
//
// Deform returns Datums that point into the tuple bytes given to it: the
// caller must hand it memory that stays unchanged while the Datums are in
// use (a private copy of a tuple read from a shared buffer).
//
// TOAST (compression and out-of-line storage) is lib/access/heap's job;
// this package only lays out the stored forms it is given (FormStored) and
// calls back for the ones it meets when reading (DeformDetoast).
package tuple
