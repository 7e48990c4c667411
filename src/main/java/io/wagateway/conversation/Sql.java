package io.wagateway.conversation;

/**
 * Endpoint URIs of the SQL statements in {@code src/main/resources/sql/<table>/<statement>.sql}: one
 * folder per table, every statement parameterized ({@code :#name} from the body map, headers or
 * variables), none built from input.
 */
public final class Sql {

    private Sql() {
    }

    /** A statement that changes rows or returns many. */
    public static String statement(String tableAndName) {
        return "sql:classpath:sql/" + tableAndName + ".sql";
    }

    /** A statement whose single row (or single column of it) is the result, {@code null} when none. */
    public static String selectOne(String tableAndName) {
        return statement(tableAndName) + "?outputType=SelectOne";
    }
}
