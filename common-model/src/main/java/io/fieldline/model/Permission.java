package io.fieldline.model;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Named permissions, carried in the internal identity token ({@link IdentityClaims#PERMISSIONS}) so every service
 * enforces the same table. They express seed 000's role table (viewer reads; operator also writes data, runs
 * experiments and manages rules; admin also manages users, webhooks, OTA and plugins), with seed 002's names where
 * it has one (acknowledge_alarms, shelve_alarm, write_points, manage_users).
 */
public enum Permission {

    /** Read events, datapoints, experiments, dashboards, logs, plugins, alarms, OTA checks, users. */
    READ_DATA(Role.VIEWER),
    /** Create, change and delete events, datapoints, experiments, dashboards and log entries. */
    WRITE_DATA(Role.OPERATOR),
    /** Write actuator points (seed 002). */
    WRITE_POINTS(Role.OPERATOR),
    /** Rules CRUD (seed 000: operator and up). */
    MANAGE_RULES(Role.OPERATOR),
    /** Acknowledge alarms (seed 002). */
    ACKNOWLEDGE_ALARMS(Role.OPERATOR),
    /** Shelve and unshelve alarms (seed 002). */
    SHELVE_ALARM(Role.OPERATOR),
    /** Users of the tenant: list, create, change roles, delete (seed 002 manage_users). */
    MANAGE_USERS(Role.ADMIN),
    /** Webhook subscriptions and their deliveries. */
    MANAGE_WEBHOOKS(Role.ADMIN),
    /** Firmware, OTA updates and rollouts. */
    MANAGE_OTA(Role.ADMIN),
    /** Plugin instances, channel mappings and packages. */
    MANAGE_PLUGINS(Role.ADMIN),
    /** See and delete every API token of the tenant, not only one's own. */
    MANAGE_TOKENS(Role.ADMIN),
    /** Read the audit trail of the tenant. */
    READ_AUDIT(Role.ADMIN),
    /** Create, change, suspend and delete tenants (platform role). */
    MANAGE_TENANTS(Role.SUPERADMIN);

    // Every authenticated request asks for its role's names: they are computed once.
    private static final Map<Role, Set<String>> NAMES_BY_ROLE = new EnumMap<>(Role.class);

    static {
        for (Role role : Role.values()) {
            NAMES_BY_ROLE.put(role, forRole(role).stream().map(Permission::wireName)
                    .collect(Collectors.toUnmodifiableSet()));
        }
    }

    private final Role minimumRole;
    private final String wireName;

    Permission(Role minimumRole) {
        this.minimumRole = minimumRole;
        this.wireName = name().toLowerCase(Locale.ROOT);
    }

    /** The lowercase name used in tokens and API answers. */
    public String wireName() {
        return wireName;
    }

    /** The least role that holds this permission. */
    public Role minimumRole() {
        return minimumRole;
    }

    /** Every permission a role holds. */
    public static Set<Permission> forRole(Role role) {
        Set<Permission> granted = EnumSet.noneOf(Permission.class);
        for (Permission permission : values()) {
            if (role.atLeast(permission.minimumRole)) {
                granted.add(permission);
            }
        }
        return granted;
    }

    /** The wire names of every permission a role holds. */
    public static Set<String> namesForRole(Role role) {
        return NAMES_BY_ROLE.get(role);
    }
}
