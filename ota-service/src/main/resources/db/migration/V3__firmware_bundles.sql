-- Update bundles (seed 000 POST /api/v1/ota/upload): the file name a record was uploaded under, unique per tenant
-- while the record exists.
ALTER TABLE firmware ADD COLUMN bundle_name text;
CREATE UNIQUE INDEX firmware_bundle_name_unique ON firmware (tenant_id, bundle_name) WHERE bundle_name IS NOT NULL;
