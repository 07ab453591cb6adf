// The functions behind pg_catalog's views of things gpostgres does not
// have: replication (walsenders, a walreceiver, replication slots and
// origins, subscriptions), publications, extensions, foreign servers
// and extended statistics (pg_prepared_xact, for prepared transactions,
// is in wal.go). Each answers
// what PostgreSQL answers when there is nothing of the kind: no rows, or
// the one row of NULLs or zero counters PostgreSQL's function returns for
// an absent object. Their answers stay true only while the commands that
// would make such objects are refused (CREATE PUBLICATION, CREATE
// SUBSCRIPTION, CREATE EXTENSION, CREATE SERVER,
// CREATE STATISTICS, the replication protocol); whoever implements one
// must replace the function here. pg_config is here too: build facts.

package builtins

import (
	"os"
	"path/filepath"
	"strings"

	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/types"
)

// noRows is a set-returning function that has nothing to return.
func noRows(*expr.EvalContext, []types.Datum) (func() ([]types.Datum, bool, error), error) {
	return rowsOf(nil), nil
}

// nullRow returns one row of n NULLs, as a function returning a NULL
// record reads in FROM.
func nullRow(n int) expr.RowSRFImpl {
	return func(*expr.EvalContext, []types.Datum) (func() ([]types.Datum, bool, error), error) {
		return rowsOf([][]types.Datum{make([]types.Datum, n)}), nil
	}
}

// Column counts of the record functions returning one row.
const (
	walReceiverColumns       = 15 // pg_stat_get_wal_receiver
	replicationSlotStatCount = 8  // pg_stat_get_replication_slot's counters
)

// pgConfig is pg_config(): the build facts gpostgres knows. PostgreSQL's
// rows about C compilation, headers, libraries and PGXS have no
// counterpart in a Go server and are left out.
func pgConfig(*expr.EvalContext, []types.Datum) (func() ([]types.Datum, bool, error), error) {
	var rows [][]types.Datum
	add := func(name, setting string) {
		rows = append(rows, []types.Datum{types.Text(name), types.Text(setting)})
	}
	exe, err := os.Executable()
	if err == nil {
		if resolved, err := filepath.EvalSymlinks(exe); err == nil {
			exe = resolved
		}
		bin := filepath.Dir(exe)
		add("BINDIR", bin)
		// Where install.sh puts the installed data, as gpinitdb looks
		// for it; left out when it is not there.
		share := filepath.Join(filepath.Dir(bin), "share", "gpostgres")
		if st, err := os.Stat(share); err == nil && st.IsDir() {
			add("SHAREDIR", share)
		}
	}
	add("VERSION", "PostgreSQL "+ServerVersion+" ("+Version+")")
	return rowsOf(rows), nil
}

func addAbsentObjectImpls(r *registry) {
	for _, name := range []string{
		"pg_available_extensions", "pg_available_extension_versions", // no extension can be installed
		"pg_get_replication_slots",          // no slots: no replication
		"pg_stat_get_wal_senders",           // no walsenders
		"pg_show_replication_origin_status", // no replication origins
		"pg_stat_get_subscription",          // no subscriptions, so no workers
	} {
		r.rowSRFs[name] = noRows
	}
	// No walreceiver runs: PostgreSQL's function returns a NULL record,
	// which pg_stat_wal_receiver's WHERE pid IS NOT NULL leaves out.
	r.rowSRFs["pg_stat_get_wal_receiver"] = nullRow(walReceiverColumns)
	// The statistics of a subscription or slot nobody made are zero, as
	// PostgreSQL reports for one it has no statistics entry for.
	r.rowSRFs["pg_stat_get_subscription_stats"] = func(_ *expr.EvalContext, a []types.Datum) (func() ([]types.Datum, bool, error), error) {
		return rowsOf([][]types.Datum{{a[0], types.Int(0), types.Int(0), types.Null}}), nil
	}
	r.rowSRFs["pg_stat_get_replication_slot"] = func(_ *expr.EvalContext, a []types.Datum) (func() ([]types.Datum, bool, error), error) {
		row := []types.Datum{a[0]}
		for range replicationSlotStatCount {
			row = append(row, types.Int(0))
		}
		return rowsOf([][]types.Datum{append(row, types.Null)}), nil
	}
	r.rowSRFs["pg_get_publication_tables"] = func(_ *expr.EvalContext, a []types.Datum) (func() ([]types.Datum, bool, error), error) {
		return nil, pgerr.Newf(pgerr.UndefinedObject, "publication \"%s\" does not exist", a[0].Text())
	}
	// A pg_mcv_list value cannot be made (its input function refuses and
	// no extended statistics are built), so this is never reached with one.
	r.rowSRFs["pg_stats_ext_mcvlist_items"] = func(*expr.EvalContext, []types.Datum) (func() ([]types.Datum, bool, error), error) {
		return nil, pgerr.New(pgerr.FeatureNotSupported, "pg_mcv_list_items is not supported")
	}
	r.rowSRFs["pg_config"] = pgConfig
	addForeignPrivilegeImpls(r, "has_server_privilege", "server")
	addForeignPrivilegeImpls(r, "has_foreign_data_wrapper_privilege", "foreign-data wrapper")
}

// addForeignPrivilegeImpls implements the six forms of
// has_server_privilege or has_foreign_data_wrapper_privilege (prefix),
// for objects of kind what. None exists (CREATE SERVER and CREATE
// FOREIGN DATA WRAPPER are refused): a name is not found, an OID gives
// NULL as PostgreSQL gives for a dropped object, after the privilege
// string is checked. Roles are not looked up, as by the other privilege
// functions here.
func addForeignPrivilegeImpls(r *registry, prefix, what string) {
	byName := func(objectArg int) implEntry {
		return sess(func(_ *expr.EvalContext, a []types.Datum) (types.Datum, error) {
			return types.Null, pgerr.Newf(pgerr.UndefinedObject, "%s \"%s\" does not exist", what, a[objectArg].Text())
		})
	}
	byOID := sess(func(_ *expr.EvalContext, a []types.Datum) (types.Datum, error) {
		if err := checkUsagePrivilege(a[len(a)-1].Text()); err != nil {
			return types.Null, err
		}
		return types.Null, nil
	})
	r.impls[prefix+"_name"] = byName(0)
	r.impls[prefix+"_name_name"] = byName(1)
	r.impls[prefix+"_id_name"] = byName(1)
	r.impls[prefix+"_id"] = byOID
	r.impls[prefix+"_id_id"] = byOID
	r.impls[prefix+"_name_id"] = byOID
}

// checkUsagePrivilege accepts the privilege list of an object whose only
// privilege is USAGE, as PostgreSQL's convert_any_priv_string: items
// separated by commas, surrounding white space and case ignored.
func checkUsagePrivilege(list string) error {
	for _, item := range strings.Split(list, ",") {
		switch strings.ToUpper(strings.TrimSpace(item)) {
		case "USAGE", "USAGE WITH GRANT OPTION":
		default:
			return pgerr.Newf(pgerr.InvalidParameterValue, "unrecognized privilege type: \"%s\"", strings.TrimSpace(item))
		}
	}
	return nil
}
