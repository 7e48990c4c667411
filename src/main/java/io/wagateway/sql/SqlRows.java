package io.wagateway.sql;

import java.util.Map;

/** A statement's row (camel-sql's map of column names) read by name into the records of the flow. */
public final class SqlRows {

    private SqlRows() {
    }

    /**
     * The value of the column {@code name}; a column the statement does not return is a mistake of ours, named at
     * once rather than read as {@code null}.
     *
     * @param subject what the row is, for the message: "The claimed reply job"
     */
    public static Object column(Map<?, ?> row, String name, String subject) {
        if (!row.containsKey(name)) {
            throw new IllegalArgumentException(subject + " has no column " + name + ": " + row.keySet());
        }
        return row.get(name);
    }
}
