package io.fieldline.testsupport;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * Calls {@link SharedServers} in the system class loader's copy of this module. Quarkus loads test dependencies once
 * per test application (one set of class loaders per profile), so plain statics would start one server per profile,
 * and it closes those loaders later, which would break a server still running in them. The system loader is neither
 * duplicated nor closed. Values cross loaders only as JDK types (String, Integer, Map, Runnable).
 */
final class JvmWide {

    private JvmWide() {
    }

    static Object call(String method) {
        try {
            Method target = owner().getDeclaredMethod(method);
            target.setAccessible(true);
            return target.invoke(null);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(cause);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Cannot call SharedServers." + method, e);
        }
    }

    private static Class<?> owner() {
        try {
            return Class.forName(SharedServers.class.getName(), true, ClassLoader.getSystemClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return SharedServers.class; // not on the system class path (IDE runners, dev mode): one per loader then
        }
    }
}
