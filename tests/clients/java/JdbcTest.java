// PostgreSQL's JDBC driver against the server: DatabaseMetaData (tables,
// columns, primary, imported and exported keys, indexes), every common type
// through PreparedStatement parameters and ResultSet getters, batches, a
// transaction that rolls back, a savepoint, a unique violation as
// PSQLException with its ServerErrorMessage, and COPY through CopyManager.
// Run with the single-file source launcher:
//   java -cp /usr/share/java/postgresql.jar JdbcTest.java
// It connects over TCP to PGTCPHOST (default localhost), PGPORT, PGUSER,
// PGDATABASE.

import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.sql.*;
import java.time.*;
import java.util.*;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

public class JdbcTest {
    static void check(String what, Object got, Object want) {
        if (!Objects.equals(got, want)) {
            throw new AssertionError(what + ": got " + got + ", want " + want);
        }
    }

    static String env(String name, String def) {
        String v = System.getenv(name);
        return v == null || v.isEmpty() ? def : v;
    }

    public static void main(String[] args) throws Exception {
        String url = "jdbc:postgresql://" + env("PGTCPHOST", "localhost") + ":" + env("PGPORT", "5432") + "/"
                + env("PGDATABASE", "postgres");
        Properties props = new Properties();
        props.setProperty("user", env("PGUSER", "postgres"));
        // Server-side prepared statements from the first execution, so
        // that the binary transfer of parameters and results is used.
        props.setProperty("prepareThreshold", "1");
        try (Connection c = DriverManager.getConnection(url, props)) {
            run(c);
        }
        System.out.println("jdbc ok");
    }

    static void run(Connection c) throws Exception {
        try (Statement s = c.createStatement()) {
            s.execute("drop table if exists jd_books, jd_authors, jd_types");
            s.execute("create table jd_authors (id serial primary key, email varchar(100) not null unique, name text not null)");
            s.execute("create table jd_books (author_id int not null references jd_authors on delete cascade, "
                    + "seq smallint not null, title varchar(200) not null default 'untitled', price numeric(8,2), "
                    + "primary key (author_id, seq))");
            s.execute("create index jd_books_price_idx on jd_books (price)");
            s.execute("create table jd_types (id int primary key, c_int2 int2, c_int4 int4, c_int8 int8, "
                    + "c_numeric numeric(20,5), c_float4 float4, c_float8 float8, c_bool bool, c_text text, "
                    + "c_varchar varchar(10), c_char char(4), c_bytea bytea, c_date date, c_time time, "
                    + "c_timestamp timestamp, c_timestamptz timestamptz, c_uuid uuid, c_int_array int4[], "
                    + "c_text_array text[], c_jsonb jsonb)");
        }
        metadata(c.getMetaData());
        types(c);
        transactions(c);
        copy(c);
        try (Statement s = c.createStatement()) {
            s.execute("drop table jd_books, jd_authors, jd_types");
        }
    }

    static void metadata(DatabaseMetaData md) throws SQLException {
        check("product", md.getDatabaseProductName(), "PostgreSQL");
        check("major version", md.getDatabaseMajorVersion(), 15);
        List<String> tables = new ArrayList<>();
        try (ResultSet rs = md.getTables(null, "public", "jd\\_%", new String[] {"TABLE"})) {
            while (rs.next()) {
                tables.add(rs.getString("TABLE_NAME") + ":" + rs.getString("TABLE_TYPE"));
            }
        }
        check("tables", tables, List.of("jd_authors:TABLE", "jd_books:TABLE", "jd_types:TABLE"));

        List<String> cols = new ArrayList<>();
        try (ResultSet rs = md.getColumns(null, "public", "jd_books", "%")) {
            while (rs.next()) {
                cols.add(rs.getString("COLUMN_NAME") + " " + rs.getString("TYPE_NAME") + " " + rs.getInt("DATA_TYPE")
                        + " " + rs.getInt("COLUMN_SIZE") + " " + rs.getString("IS_NULLABLE") + " " + rs.getString("COLUMN_DEF"));
            }
        }
        check("columns", cols, List.of(
                "author_id int4 4 10 NO null",
                "seq int2 5 5 NO null",
                "title varchar 12 200 NO 'untitled'::character varying",
                "price numeric 2 8 YES null"));
        try (ResultSet rs = md.getColumns(null, "public", "jd_authors", "id")) {
            rs.next();
            check("serial", rs.getString("TYPE_NAME") + " " + rs.getString("IS_AUTOINCREMENT"), "serial YES");
        }

        // getPrimaryKeys and getIndexInfo call information_schema._pg_expandarray.
        List<String> pk = new ArrayList<>();
        try (ResultSet rs = md.getPrimaryKeys(null, "public", "jd_books")) {
            while (rs.next()) {
                pk.add(rs.getString("COLUMN_NAME") + "#" + rs.getShort("KEY_SEQ") + "@" + rs.getString("PK_NAME"));
            }
        }
        check("primary key", pk, List.of("author_id#1@jd_books_pkey", "seq#2@jd_books_pkey"));

        try (ResultSet rs = md.getImportedKeys(null, "public", "jd_books")) {
            check("imported key", rs.next(), true);
            check("imported", rs.getString("PKTABLE_NAME") + "." + rs.getString("PKCOLUMN_NAME") + " <- "
                    + rs.getString("FKTABLE_NAME") + "." + rs.getString("FKCOLUMN_NAME") + " " + rs.getString("FK_NAME")
                    + " delete " + rs.getShort("DELETE_RULE"),
                    "jd_authors.id <- jd_books.author_id jd_books_author_id_fkey delete " + DatabaseMetaData.importedKeyCascade);
            check("one imported key", rs.next(), false);
        }
        try (ResultSet rs = md.getExportedKeys(null, "public", "jd_authors")) {
            check("exported key", rs.next() ? rs.getString("FKTABLE_NAME") : null, "jd_books");
        }

        List<String> idx = new ArrayList<>();
        try (ResultSet rs = md.getIndexInfo(null, "public", "jd_authors", false, false)) {
            while (rs.next()) {
                idx.add(rs.getString("INDEX_NAME") + "(" + rs.getString("COLUMN_NAME") + ") unique=" + !rs.getBoolean("NON_UNIQUE"));
            }
        }
        Collections.sort(idx);
        check("indexes", idx, List.of("jd_authors_email_key(email) unique=true", "jd_authors_pkey(id) unique=true"));
        try (ResultSet rs = md.getIndexInfo(null, "public", "jd_books", true, false)) {
            List<String> u = new ArrayList<>();
            while (rs.next()) {
                u.add(rs.getString("INDEX_NAME"));
            }
            check("unique only", new TreeSet<>(u), new TreeSet<>(List.of("jd_books_pkey")));
        }
    }

    static void types(Connection c) throws Exception {
        OffsetDateTime tstz = OffsetDateTime.of(2001, 2, 3, 4, 5, 6, 0, ZoneOffset.UTC);
        UUID uuid = UUID.fromString("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");
        String sql = "insert into jd_types values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb)";
        // Twice, so that the second execution uses the server-side
        // prepared statement with binary parameters.
        for (int id = 1; id <= 2; id++) {
            try (PreparedStatement p = c.prepareStatement(sql)) {
                int i = 1;
                p.setInt(i++, id);
                p.setShort(i++, (short) 32767);
                p.setInt(i++, Integer.MIN_VALUE);
                p.setLong(i++, Long.MAX_VALUE);
                p.setBigDecimal(i++, new BigDecimal("12345.67891"));
                p.setFloat(i++, 1.5f);
                p.setDouble(i++, -2.25e100);
                p.setBoolean(i++, true);
                p.setString(i++, "héllo 'q' \"d\"");
                p.setString(i++, "short");
                p.setString(i++, "ab");
                p.setBytes(i++, new byte[] {0, 1, (byte) 0xfe, (byte) 0xff});
                p.setObject(i++, LocalDate.of(2024, 2, 29));
                p.setObject(i++, LocalTime.of(23, 59, 58));
                p.setObject(i++, LocalDateTime.of(2001, 2, 3, 4, 5, 6, 789000000));
                p.setObject(i++, tstz);
                p.setObject(i++, uuid);
                p.setArray(i++, c.createArrayOf("int4", new Integer[] {1, 2, 3}));
                p.setArray(i++, c.createArrayOf("text", new String[] {"a", "b c", "d,e"}));
                p.setString(i++, "{\"a\": [1, 2]}");
                check("insert count", p.executeUpdate(), 1);
            }
        }
        try (Statement s = c.createStatement()) {
            s.execute("insert into jd_types (id) values (3)");
        }
        try (PreparedStatement p = c.prepareStatement("select * from jd_types where id = ?")) {
            for (int id = 1; id <= 2; id++) {
                p.setInt(1, id);
                try (ResultSet rs = p.executeQuery()) {
                    check("row", rs.next(), true);
                    check("int2", rs.getShort("c_int2"), (short) 32767);
                    check("int4", rs.getInt("c_int4"), Integer.MIN_VALUE);
                    check("int8", rs.getLong("c_int8"), Long.MAX_VALUE);
                    check("numeric", rs.getBigDecimal("c_numeric"), new BigDecimal("12345.67891"));
                    check("float4", rs.getFloat("c_float4"), 1.5f);
                    check("float8", rs.getDouble("c_float8"), -2.25e100);
                    check("bool", rs.getBoolean("c_bool"), true);
                    check("text", rs.getString("c_text"), "héllo 'q' \"d\"");
                    check("varchar", rs.getString("c_varchar"), "short");
                    check("char", rs.getString("c_char"), "ab  ");
                    check("bytea", Arrays.toString(rs.getBytes("c_bytea")), "[0, 1, -2, -1]");
                    check("date", rs.getObject("c_date", LocalDate.class), LocalDate.of(2024, 2, 29));
                    check("time", rs.getObject("c_time", LocalTime.class), LocalTime.of(23, 59, 58));
                    check("timestamp", rs.getObject("c_timestamp", LocalDateTime.class), LocalDateTime.of(2001, 2, 3, 4, 5, 6, 789000000));
                    check("timestamptz", rs.getObject("c_timestamptz", OffsetDateTime.class).toInstant(), tstz.toInstant());
                    check("uuid", rs.getObject("c_uuid"), uuid);
                    check("int array", Arrays.toString((Integer[]) rs.getArray("c_int_array").getArray()), "[1, 2, 3]");
                    check("text array", Arrays.toString((String[]) rs.getArray("c_text_array").getArray()), "[a, b c, d,e]");
                    check("jsonb", rs.getString("c_jsonb"), "{\"a\": [1, 2]}");
                    ResultSetMetaData m = rs.getMetaData();
                    check("column type", m.getColumnTypeName(2) + " " + m.getColumnTypeName(5) + " " + m.getPrecision(5) + " " + m.getScale(5),
                            "int2 numeric 20 5");
                    check("table name", m.getTableName(2), "jd_types");
                }
            }
            p.setInt(1, 3);
            try (ResultSet rs = p.executeQuery()) {
                rs.next();
                for (int i = 2; i <= rs.getMetaData().getColumnCount(); i++) {
                    check("null " + i, rs.getObject(i), null);
                    check("wasNull " + i, rs.wasNull(), true);
                }
            }
        }
    }

    static void transactions(Connection c) throws Exception {
        // A batch of inserts with generated keys.
        try (PreparedStatement p = c.prepareStatement("insert into jd_authors (email, name) values (?, ?)",
                Statement.RETURN_GENERATED_KEYS)) {
            for (String n : List.of("ann", "bob", "cid")) {
                p.setString(1, n + "@example.com");
                p.setString(2, n);
                p.addBatch();
            }
            check("batch", Arrays.toString(p.executeBatch()), "[1, 1, 1]");
            List<Integer> keys = new ArrayList<>();
            try (ResultSet rs = p.getGeneratedKeys()) {
                while (rs.next()) {
                    keys.add(rs.getInt("id"));
                }
            }
            check("generated keys", keys, List.of(1, 2, 3));
        }

        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.execute("insert into jd_authors (email, name) values ('gone@example.com', 'gone')");
            c.rollback();
            try (ResultSet rs = s.executeQuery("select count(*) from jd_authors")) {
                rs.next();
                check("rollback", rs.getInt(1), 3);
            }

            s.execute("insert into jd_books (author_id, seq, title) values (1, 1, 'kept')");
            Savepoint sp = c.setSavepoint("sp");
            s.execute("insert into jd_books (author_id, seq, title) values (1, 2, 'undone')");
            c.rollback(sp);
            // A unique violation inside a savepoint, which is then rolled
            // back: the transaction goes on.
            Savepoint sp2 = c.setSavepoint();
            try {
                s.execute("insert into jd_authors (email, name) values ('ann@example.com', 'again')");
                throw new AssertionError("duplicate email accepted");
            } catch (PSQLException e) {
                check("sqlstate", e.getSQLState(), "23505");
                ServerErrorMessage m = e.getServerErrorMessage();
                check("message", m.getMessage(), "duplicate key value violates unique constraint \"jd_authors_email_key\"");
                check("detail", m.getDetail(), "Key (email)=(ann@example.com) already exists.");
                check("constraint", m.getConstraint(), "jd_authors_email_key");
                check("table", m.getSchema() + "." + m.getTable(), "public.jd_authors");
            }
            c.rollback(sp2);
            c.commit();
            try (ResultSet rs = s.executeQuery("select string_agg(title, ',') from jd_books")) {
                rs.next();
                check("savepoint", rs.getString(1), "kept");
            }
            c.commit();

            // The transaction is aborted after an error until rollback.
            try {
                s.executeQuery("select 1/0");
                throw new AssertionError("division by zero accepted");
            } catch (SQLException e) {
                check("division sqlstate", e.getSQLState(), "22012");
            }
            try {
                s.executeQuery("select 1");
                throw new AssertionError("statement ran in an aborted transaction");
            } catch (SQLException e) {
                check("aborted sqlstate", e.getSQLState(), "25P02");
            }
            c.rollback();
        }
        c.setAutoCommit(true);
    }

    static void copy(Connection c) throws Exception {
        CopyManager cm = c.unwrap(PGConnection.class).getCopyAPI();
        long n = cm.copyIn("copy jd_authors (email, name) from stdin with (format csv)",
                new StringReader("d@example.com,dee\ne@example.com,\"e, quoted\"\n"));
        check("copy in", n, 2L);
        StringWriter w = new StringWriter();
        n = cm.copyOut("copy (select email, name from jd_authors where id > 3 order by id) to stdout with (format csv, header)", w);
        check("copy out rows", n, 2L);
        check("copy out", w.toString(), "email,name\nd@example.com,dee\ne@example.com,\"e, quoted\"\n");
    }
}
