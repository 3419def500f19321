-- The rules schema itself is created by Flyway (quarkus.flyway.create-schemas); this first version
-- records that the service owns it. Later versions add the service's tables.
COMMENT ON SCHEMA rules IS 'Owned and migrated by rules-service';
