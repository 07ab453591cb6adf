// Command tags: PostgreSQL's CreateCommandTag (tcop/utility.c) and
// AlterObjectTypeCommandTag, for every statement the grammar produces,
// so that CommandComplete and the "is not supported" errors name the
// statement as PostgreSQL does.

package parser

import (
	pg_query "github.com/gpostgres/gpostgres/lib/sql/pgtree"
)

// objectNames are the object kinds as command tags spell them after
// CREATE, ALTER and DROP.
var objectNames = map[pg_query.ObjectType]string{
	pg_query.ObjectType_OBJECT_ACCESS_METHOD:         "ACCESS METHOD",
	pg_query.ObjectType_OBJECT_AGGREGATE:             "AGGREGATE",
	pg_query.ObjectType_OBJECT_ATTRIBUTE:             "TYPE",
	pg_query.ObjectType_OBJECT_CAST:                  "CAST",
	pg_query.ObjectType_OBJECT_COLUMN:                "TABLE",
	pg_query.ObjectType_OBJECT_COLLATION:             "COLLATION",
	pg_query.ObjectType_OBJECT_CONVERSION:            "CONVERSION",
	pg_query.ObjectType_OBJECT_DATABASE:              "DATABASE",
	pg_query.ObjectType_OBJECT_DOMAIN:                "DOMAIN",
	pg_query.ObjectType_OBJECT_DOMCONSTRAINT:         "DOMAIN",
	pg_query.ObjectType_OBJECT_EVENT_TRIGGER:         "EVENT TRIGGER",
	pg_query.ObjectType_OBJECT_EXTENSION:             "EXTENSION",
	pg_query.ObjectType_OBJECT_FDW:                   "FOREIGN DATA WRAPPER",
	pg_query.ObjectType_OBJECT_FOREIGN_SERVER:        "SERVER",
	pg_query.ObjectType_OBJECT_FOREIGN_TABLE:         "FOREIGN TABLE",
	pg_query.ObjectType_OBJECT_FUNCTION:              "FUNCTION",
	pg_query.ObjectType_OBJECT_INDEX:                 "INDEX",
	pg_query.ObjectType_OBJECT_LANGUAGE:              "LANGUAGE",
	pg_query.ObjectType_OBJECT_LARGEOBJECT:           "LARGE OBJECT",
	pg_query.ObjectType_OBJECT_MATVIEW:               "MATERIALIZED VIEW",
	pg_query.ObjectType_OBJECT_OPCLASS:               "OPERATOR CLASS",
	pg_query.ObjectType_OBJECT_OPERATOR:              "OPERATOR",
	pg_query.ObjectType_OBJECT_OPFAMILY:              "OPERATOR FAMILY",
	pg_query.ObjectType_OBJECT_POLICY:                "POLICY",
	pg_query.ObjectType_OBJECT_PROCEDURE:             "PROCEDURE",
	pg_query.ObjectType_OBJECT_PUBLICATION:           "PUBLICATION",
	pg_query.ObjectType_OBJECT_ROLE:                  "ROLE",
	pg_query.ObjectType_OBJECT_ROUTINE:               "ROUTINE",
	pg_query.ObjectType_OBJECT_RULE:                  "RULE",
	pg_query.ObjectType_OBJECT_SCHEMA:                "SCHEMA",
	pg_query.ObjectType_OBJECT_SEQUENCE:              "SEQUENCE",
	pg_query.ObjectType_OBJECT_SUBSCRIPTION:          "SUBSCRIPTION",
	pg_query.ObjectType_OBJECT_STATISTIC_EXT:         "STATISTICS",
	pg_query.ObjectType_OBJECT_TABCONSTRAINT:         "TABLE",
	pg_query.ObjectType_OBJECT_TABLE:                 "TABLE",
	pg_query.ObjectType_OBJECT_TABLESPACE:            "TABLESPACE",
	pg_query.ObjectType_OBJECT_TRANSFORM:             "TRANSFORM",
	pg_query.ObjectType_OBJECT_TRIGGER:               "TRIGGER",
	pg_query.ObjectType_OBJECT_TSCONFIGURATION:       "TEXT SEARCH CONFIGURATION",
	pg_query.ObjectType_OBJECT_TSDICTIONARY:          "TEXT SEARCH DICTIONARY",
	pg_query.ObjectType_OBJECT_TSPARSER:              "TEXT SEARCH PARSER",
	pg_query.ObjectType_OBJECT_TSTEMPLATE:            "TEXT SEARCH TEMPLATE",
	pg_query.ObjectType_OBJECT_TYPE:                  "TYPE",
	pg_query.ObjectType_OBJECT_VIEW:                  "VIEW",
	pg_query.ObjectType_OBJECT_USER_MAPPING:          "USER MAPPING",
	pg_query.ObjectType_OBJECT_PUBLICATION_NAMESPACE: "PUBLICATION",
	pg_query.ObjectType_OBJECT_PUBLICATION_REL:       "PUBLICATION",
	pg_query.ObjectType_OBJECT_DEFACL:                "DEFAULT PRIVILEGES",
	pg_query.ObjectType_OBJECT_DEFAULT:               "TABLE",
	pg_query.ObjectType_OBJECT_AMOP:                  "OPERATOR FAMILY",
	pg_query.ObjectType_OBJECT_AMPROC:                "OPERATOR FAMILY",
}

// alterTag is AlterObjectTypeCommandTag.
func alterTag(t pg_query.ObjectType) string {
	if n, ok := objectNames[t]; ok {
		return "ALTER " + n
	}
	return "???"
}

// dropTag is DropStmt's tag for its object kind.
func dropTag(t pg_query.ObjectType) string {
	switch t {
	case pg_query.ObjectType_OBJECT_ATTRIBUTE, pg_query.ObjectType_OBJECT_COLUMN,
		pg_query.ObjectType_OBJECT_TABCONSTRAINT, pg_query.ObjectType_OBJECT_DOMCONSTRAINT:
		return "???"
	}
	if n, ok := objectNames[t]; ok {
		return "DROP " + n
	}
	return "???"
}

// defineTag is DefineStmt's tag (CREATE AGGREGATE, OPERATOR, TYPE, the
// text search objects, COLLATION).
func defineTag(t pg_query.ObjectType) string {
	if n, ok := objectNames[t]; ok {
		return "CREATE " + n
	}
	return "???"
}

// CommandTag is CreateCommandTag of a parsed statement (also one nested in
// EXPLAIN or PREPARE).
func CommandTag(node *pg_query.Node) string {
	switch n := node.GetNode().(type) {
	case *pg_query.Node_SelectStmt:
		if n.SelectStmt.IntoClause != nil {
			return "SELECT INTO"
		}
		return "SELECT"
	case *pg_query.Node_PlassignStmt:
		return "SELECT"
	case *pg_query.Node_InsertStmt:
		return "INSERT"
	case *pg_query.Node_UpdateStmt:
		return "UPDATE"
	case *pg_query.Node_DeleteStmt:
		return "DELETE"
	case *pg_query.Node_MergeStmt:
		return "MERGE"
	case *pg_query.Node_VariableSetStmt:
		switch n.VariableSetStmt.Kind {
		case pg_query.VariableSetKind_VAR_RESET, pg_query.VariableSetKind_VAR_RESET_ALL:
			return "RESET"
		}
		return "SET"
	case *pg_query.Node_VariableShowStmt:
		return "SHOW"
	case *pg_query.Node_TransactionStmt:
		return transactionTag(n.TransactionStmt.Kind)
	case *pg_query.Node_DeclareCursorStmt:
		return "DECLARE CURSOR"
	case *pg_query.Node_ClosePortalStmt:
		if n.ClosePortalStmt.Portalname == "" {
			return "CLOSE CURSOR ALL"
		}
		return "CLOSE CURSOR"
	case *pg_query.Node_FetchStmt:
		if n.FetchStmt.Ismove {
			return "MOVE"
		}
		return "FETCH"
	case *pg_query.Node_CreateDomainStmt:
		return "CREATE DOMAIN"
	case *pg_query.Node_CreateSchemaStmt:
		return "CREATE SCHEMA"
	case *pg_query.Node_CreateStmt:
		return "CREATE TABLE"
	case *pg_query.Node_CreateTableSpaceStmt:
		return "CREATE TABLESPACE"
	case *pg_query.Node_DropTableSpaceStmt:
		return "DROP TABLESPACE"
	case *pg_query.Node_AlterTableSpaceOptionsStmt:
		return "ALTER TABLESPACE"
	case *pg_query.Node_CreateExtensionStmt:
		return "CREATE EXTENSION"
	case *pg_query.Node_AlterExtensionStmt, *pg_query.Node_AlterExtensionContentsStmt:
		return "ALTER EXTENSION"
	case *pg_query.Node_CreateFdwStmt:
		return "CREATE FOREIGN DATA WRAPPER"
	case *pg_query.Node_AlterFdwStmt:
		return "ALTER FOREIGN DATA WRAPPER"
	case *pg_query.Node_CreateForeignServerStmt:
		return "CREATE SERVER"
	case *pg_query.Node_AlterForeignServerStmt:
		return "ALTER SERVER"
	case *pg_query.Node_CreateUserMappingStmt:
		return "CREATE USER MAPPING"
	case *pg_query.Node_AlterUserMappingStmt:
		return "ALTER USER MAPPING"
	case *pg_query.Node_DropUserMappingStmt:
		return "DROP USER MAPPING"
	case *pg_query.Node_CreateForeignTableStmt:
		return "CREATE FOREIGN TABLE"
	case *pg_query.Node_ImportForeignSchemaStmt:
		return "IMPORT FOREIGN SCHEMA"
	case *pg_query.Node_DropStmt:
		return dropTag(n.DropStmt.RemoveType)
	case *pg_query.Node_TruncateStmt:
		return "TRUNCATE TABLE"
	case *pg_query.Node_CommentStmt:
		return "COMMENT"
	case *pg_query.Node_SecLabelStmt:
		return "SECURITY LABEL"
	case *pg_query.Node_CopyStmt:
		return "COPY"
	case *pg_query.Node_RenameStmt:
		// Renaming a column or attribute is tagged by its relation's kind.
		t := n.RenameStmt.RenameType
		if t == pg_query.ObjectType_OBJECT_COLUMN || t == pg_query.ObjectType_OBJECT_ATTRIBUTE {
			t = n.RenameStmt.RelationType
		}
		return alterTag(t)
	case *pg_query.Node_AlterObjectDependsStmt:
		return alterTag(n.AlterObjectDependsStmt.ObjectType)
	case *pg_query.Node_AlterObjectSchemaStmt:
		return alterTag(n.AlterObjectSchemaStmt.ObjectType)
	case *pg_query.Node_AlterOwnerStmt:
		return alterTag(n.AlterOwnerStmt.ObjectType)
	case *pg_query.Node_AlterTableMoveAllStmt:
		return alterTag(n.AlterTableMoveAllStmt.Objtype)
	case *pg_query.Node_AlterTableStmt:
		return alterTag(n.AlterTableStmt.Objtype)
	case *pg_query.Node_AlterDomainStmt:
		return "ALTER DOMAIN"
	case *pg_query.Node_AlterFunctionStmt:
		return alterTag(n.AlterFunctionStmt.Objtype)
	case *pg_query.Node_GrantStmt:
		if n.GrantStmt.IsGrant {
			return "GRANT"
		}
		return "REVOKE"
	case *pg_query.Node_GrantRoleStmt:
		if n.GrantRoleStmt.IsGrant {
			return "GRANT ROLE"
		}
		return "REVOKE ROLE"
	case *pg_query.Node_AlterDefaultPrivilegesStmt:
		return "ALTER DEFAULT PRIVILEGES"
	case *pg_query.Node_DefineStmt:
		return defineTag(n.DefineStmt.Kind)
	case *pg_query.Node_CompositeTypeStmt, *pg_query.Node_CreateEnumStmt, *pg_query.Node_CreateRangeStmt:
		return "CREATE TYPE"
	case *pg_query.Node_AlterEnumStmt, *pg_query.Node_AlterTypeStmt:
		return "ALTER TYPE"
	case *pg_query.Node_ViewStmt:
		return "CREATE VIEW"
	case *pg_query.Node_CreateFunctionStmt:
		if n.CreateFunctionStmt.IsProcedure {
			return "CREATE PROCEDURE"
		}
		return "CREATE FUNCTION"
	case *pg_query.Node_IndexStmt:
		return "CREATE INDEX"
	case *pg_query.Node_RuleStmt:
		return "CREATE RULE"
	case *pg_query.Node_CreateSeqStmt:
		return "CREATE SEQUENCE"
	case *pg_query.Node_AlterSeqStmt:
		return "ALTER SEQUENCE"
	case *pg_query.Node_DoStmt:
		return "DO"
	case *pg_query.Node_CreatedbStmt:
		return "CREATE DATABASE"
	case *pg_query.Node_AlterDatabaseStmt, *pg_query.Node_AlterDatabaseRefreshCollStmt, *pg_query.Node_AlterDatabaseSetStmt:
		return "ALTER DATABASE"
	case *pg_query.Node_DropdbStmt:
		return "DROP DATABASE"
	case *pg_query.Node_NotifyStmt:
		return "NOTIFY"
	case *pg_query.Node_ListenStmt:
		return "LISTEN"
	case *pg_query.Node_UnlistenStmt:
		return "UNLISTEN"
	case *pg_query.Node_LoadStmt:
		return "LOAD"
	case *pg_query.Node_CallStmt:
		return "CALL"
	case *pg_query.Node_ClusterStmt:
		return "CLUSTER"
	case *pg_query.Node_VacuumStmt:
		if n.VacuumStmt.IsVacuumcmd {
			return "VACUUM"
		}
		return "ANALYZE"
	case *pg_query.Node_ExplainStmt:
		return "EXPLAIN"
	case *pg_query.Node_CreateTableAsStmt:
		if n.CreateTableAsStmt.Objtype == pg_query.ObjectType_OBJECT_MATVIEW {
			return "CREATE MATERIALIZED VIEW"
		}
		if n.CreateTableAsStmt.IsSelectInto {
			return "SELECT INTO"
		}
		return "CREATE TABLE AS"
	case *pg_query.Node_RefreshMatViewStmt:
		return "REFRESH MATERIALIZED VIEW"
	case *pg_query.Node_AlterSystemStmt:
		return "ALTER SYSTEM"
	case *pg_query.Node_DiscardStmt:
		switch n.DiscardStmt.Target {
		case pg_query.DiscardMode_DISCARD_ALL:
			return "DISCARD ALL"
		case pg_query.DiscardMode_DISCARD_PLANS:
			return "DISCARD PLANS"
		case pg_query.DiscardMode_DISCARD_TEMP:
			return "DISCARD TEMP"
		case pg_query.DiscardMode_DISCARD_SEQUENCES:
			return "DISCARD SEQUENCES"
		}
	case *pg_query.Node_CreateTransformStmt:
		return "CREATE TRANSFORM"
	case *pg_query.Node_CreateTrigStmt:
		return "CREATE TRIGGER"
	case *pg_query.Node_CreateEventTrigStmt:
		return "CREATE EVENT TRIGGER"
	case *pg_query.Node_AlterEventTrigStmt:
		return "ALTER EVENT TRIGGER"
	case *pg_query.Node_CreatePlangStmt:
		return "CREATE LANGUAGE"
	case *pg_query.Node_CreateRoleStmt:
		return "CREATE ROLE"
	case *pg_query.Node_AlterRoleStmt, *pg_query.Node_AlterRoleSetStmt:
		return "ALTER ROLE"
	case *pg_query.Node_DropRoleStmt:
		return "DROP ROLE"
	case *pg_query.Node_DropOwnedStmt:
		return "DROP OWNED"
	case *pg_query.Node_ReassignOwnedStmt:
		return "REASSIGN OWNED"
	case *pg_query.Node_LockStmt:
		return "LOCK TABLE"
	case *pg_query.Node_ConstraintsSetStmt:
		return "SET CONSTRAINTS"
	case *pg_query.Node_CheckPointStmt:
		return "CHECKPOINT"
	case *pg_query.Node_ReindexStmt:
		return "REINDEX"
	case *pg_query.Node_CreateConversionStmt:
		return "CREATE CONVERSION"
	case *pg_query.Node_CreateCastStmt:
		return "CREATE CAST"
	case *pg_query.Node_CreateOpClassStmt:
		return "CREATE OPERATOR CLASS"
	case *pg_query.Node_CreateOpFamilyStmt:
		return "CREATE OPERATOR FAMILY"
	case *pg_query.Node_AlterOpFamilyStmt:
		return "ALTER OPERATOR FAMILY"
	case *pg_query.Node_AlterOperatorStmt:
		return "ALTER OPERATOR"
	case *pg_query.Node_AlterTsdictionaryStmt:
		return "ALTER TEXT SEARCH DICTIONARY"
	case *pg_query.Node_AlterTsconfigurationStmt:
		return "ALTER TEXT SEARCH CONFIGURATION"
	case *pg_query.Node_CreatePolicyStmt:
		return "CREATE POLICY"
	case *pg_query.Node_AlterPolicyStmt:
		return "ALTER POLICY"
	case *pg_query.Node_CreateAmStmt:
		return "CREATE ACCESS METHOD"
	case *pg_query.Node_CreatePublicationStmt:
		return "CREATE PUBLICATION"
	case *pg_query.Node_AlterPublicationStmt:
		return "ALTER PUBLICATION"
	case *pg_query.Node_CreateSubscriptionStmt:
		return "CREATE SUBSCRIPTION"
	case *pg_query.Node_AlterSubscriptionStmt:
		return "ALTER SUBSCRIPTION"
	case *pg_query.Node_DropSubscriptionStmt:
		return "DROP SUBSCRIPTION"
	case *pg_query.Node_AlterCollationStmt:
		return "ALTER COLLATION"
	case *pg_query.Node_PrepareStmt:
		return "PREPARE"
	case *pg_query.Node_ExecuteStmt:
		return "EXECUTE"
	case *pg_query.Node_CreateStatsStmt:
		return "CREATE STATISTICS"
	case *pg_query.Node_AlterStatsStmt:
		return "ALTER STATISTICS"
	case *pg_query.Node_DeallocateStmt:
		if n.DeallocateStmt.Name == "" {
			return "DEALLOCATE ALL"
		}
		return "DEALLOCATE"
	}
	return "???"
}

func transactionTag(k pg_query.TransactionStmtKind) string {
	switch k {
	case pg_query.TransactionStmtKind_TRANS_STMT_BEGIN:
		return "BEGIN"
	case pg_query.TransactionStmtKind_TRANS_STMT_START:
		return "START TRANSACTION"
	case pg_query.TransactionStmtKind_TRANS_STMT_COMMIT:
		return "COMMIT"
	case pg_query.TransactionStmtKind_TRANS_STMT_ROLLBACK, pg_query.TransactionStmtKind_TRANS_STMT_ROLLBACK_TO:
		return "ROLLBACK"
	case pg_query.TransactionStmtKind_TRANS_STMT_SAVEPOINT:
		return "SAVEPOINT"
	case pg_query.TransactionStmtKind_TRANS_STMT_RELEASE:
		return "RELEASE"
	case pg_query.TransactionStmtKind_TRANS_STMT_PREPARE:
		return "PREPARE TRANSACTION"
	case pg_query.TransactionStmtKind_TRANS_STMT_COMMIT_PREPARED:
		return "COMMIT PREPARED"
	case pg_query.TransactionStmtKind_TRANS_STMT_ROLLBACK_PREPARED:
		return "ROLLBACK PREPARED"
	}
	return "???"
}
