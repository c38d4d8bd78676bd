-- 0003: what the detection engine adds to a finding (tags, confidence); each tenant's rule state.
-- Never edit an applied migration: add a new numbered file. SchemaMigrator checks checksums.

-- A default that is a constant only changes the catalog: the table is not rewritten.
ALTER TABLE findings
    ADD COLUMN tags        text[] NOT NULL DEFAULT '{}',
    ADD COLUMN confidence  real;
COMMENT ON COLUMN findings.confidence IS 'How sure the rule''s detector was, 0 to 1; null for findings stored before 0003.';
COMMENT ON COLUMN findings.location IS 'The text field the evidence offsets point into (llm.prompt, llm.response, ...), or exchange.';

-- A tenant's rules: custom rule files and per-rule state over the built-in pack. One row per rule id.
-- yaml is null for a built-in rule whose state (enabled, severity) the tenant changed; it holds the
-- rule's YAML (with the lists and macros it needs) for a custom rule or a tenant's replacement of a
-- built-in one. Applied after the built-in pack, in rule_id order.
CREATE TABLE tenant_rules (
    tenant_id          uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    rule_id            text NOT NULL,
    yaml               text,
    enabled            boolean,
    severity_override  smallint,
    version            integer NOT NULL DEFAULT 1,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, rule_id),
    CONSTRAINT ck_tenant_rules_rule_id CHECK (rule_id ~ '^[a-z0-9_.-]{1,128}$'),
    CONSTRAINT ck_tenant_rules_yaml_size CHECK (octet_length(yaml) <= 262144)
);
