package io.wagateway.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.wagateway.sql.Sql;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The names a route family keeps in one place (its statements, the variables they bind) read from the constants of
 * their classes, and the check that a statement binds nothing else.
 */
public final class StatementNames {

    private StatementNames() {
    }

    /** The values of the static String fields {@code type} declares. */
    public static List<String> constants(Class<?> type) {
        List<String> values = new ArrayList<>();
        for (Field field : type.getDeclaredFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                field.setAccessible(true);
                try {
                    values.add((String) field.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return values;
    }

    /** Asserts that every parameter of every statement is one of {@code variables}; returns the names bound. */
    public static Set<String> assertBindOnly(List<String> statements, List<String> variables) {
        Set<String> bound = new HashSet<>();
        for (String statement : statements) {
            assertThat(Sql.parameterNames(statement)).as(statement).isSubsetOf(variables);
            bound.addAll(Sql.parameterNames(statement));
        }
        return bound;
    }
}
