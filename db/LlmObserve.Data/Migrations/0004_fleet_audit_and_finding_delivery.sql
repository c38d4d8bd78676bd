-- 0004: what SIEM integrations need: findings filterable without a join and readable in commit
-- order; the audit log of administrative actions; push destinations (webhooks, syslog) with their
-- delivery position and dead letters.
-- Never edit an applied migration: add a new numbered file. SchemaMigrator checks checksums.

-- The workload and LLM call of the finding's exchange, copied at insert so that filters by them
-- need no join. Nullable without a default: only the catalog changes for these four.
ALTER TABLE findings
    ADD COLUMN namespace     text,
    ADD COLUMN pod           text,
    ADD COLUMN llm_provider  text,
    ADD COLUMN llm_model     text;

-- One index per selective filter, in the list's order (newest exchange first): a filter that
-- matches few rows, or none, reads only those instead of walking the tenant's whole history
-- (measured by the findings-query benchmark). Filters that match many rows use the tenant index.
CREATE INDEX ix_findings_tenant_id_severity_captured_at_id ON findings (tenant_id, severity, captured_at DESC, id DESC);
CREATE INDEX ix_findings_tenant_id_category_captured_at_id ON findings (tenant_id, category, captured_at DESC, id DESC);
CREATE INDEX ix_findings_tenant_id_rule_id_captured_at_id ON findings (tenant_id, rule_id, captured_at DESC, id DESC);
CREATE INDEX ix_findings_tenant_id_namespace_captured_at_id ON findings (tenant_id, namespace, captured_at DESC, id DESC);
CREATE INDEX ix_findings_tenant_id_pod_captured_at_id ON findings (tenant_id, pod, captured_at DESC, id DESC);
CREATE INDEX ix_findings_tenant_id_llm_model_captured_at_id ON findings (tenant_id, llm_model, captured_at DESC, id DESC);

-- The id of the transaction that stored the finding (xid8, never wraps, as bigint). Polling
-- integrations page by (tx_id, id) and read only below the oldest transaction still running
-- (pg_snapshot_xmin), so a finding that commits late can never fall behind a cursor: every
-- finding is returned once, none skipped, none repeated. Existing rows get this migration's id.
ALTER TABLE findings
    ADD COLUMN tx_id bigint NOT NULL DEFAULT (pg_current_xact_id()::text::bigint);
CREATE INDEX ix_findings_tenant_id_tx_id_id ON findings (tenant_id, tx_id, id);
-- "Since" (a time) is turned into a feed position with an index-only scan of this one.
CREATE INDEX ix_findings_tenant_id_created_at ON findings (tenant_id, created_at) INCLUDE (tx_id);
COMMENT ON COLUMN findings.tx_id IS 'pg_current_xact_id() of the storing transaction: the feed''s commit order.';

-- A node an administrator revoked stays refused: enrollment with its name does not bring it back
-- (its collector may still hold a valid enrollment token) until an administrator re-admits it.
ALTER TABLE nodes ADD COLUMN revoked_at timestamptz;

-- Who did what to which object, when and from where. Written in the transaction of the action.
CREATE TABLE audit_events (
    id             uuid PRIMARY KEY,
    tenant_id      uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    occurred_at    timestamptz NOT NULL,
    actor_type     text NOT NULL,
    actor_id       text,
    actor_name     text,
    action         text NOT NULL,
    target_type    text NOT NULL,
    target_id      text,
    remote_address text,
    details        jsonb,
    CONSTRAINT ck_audit_events_actor_type CHECK (actor_type IN ('api_key', 'node', 'cli', 'user', 'system'))
);
CREATE INDEX ix_audit_events_tenant_id_occurred_at_id ON audit_events (tenant_id, occurred_at DESC, id DESC);

-- Where a tenant's findings are pushed. The position (after_tx_id, after_id) is in the findings
-- feed order; a delivery worker advances it after each finding is delivered or dead-lettered.
-- The webhook signing secret has to be usable to sign, so it cannot be stored hashed.
CREATE TABLE destinations (
    id               uuid PRIMARY KEY,
    tenant_id        uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    name             text NOT NULL,
    kind             text NOT NULL,
    format           text NOT NULL,
    url              text NOT NULL,
    signing_secret   text,
    ca_certificate   text,
    min_severity     smallint NOT NULL DEFAULT 0,
    enabled          boolean NOT NULL DEFAULT true,
    created_at       timestamptz NOT NULL,
    after_tx_id      bigint NOT NULL,
    after_id         uuid NOT NULL,
    last_delivery_at timestamptz,
    last_error       text,
    CONSTRAINT ck_destinations_kind CHECK (kind IN ('webhook', 'syslog')),
    CONSTRAINT ck_destinations_format CHECK (format IN ('ocsf', 'falco', 'cef'))
);
CREATE UNIQUE INDEX ix_destinations_tenant_id_name ON destinations (tenant_id, name);

-- Findings a destination never accepted after every retry: kept with the payload and the error.
CREATE TABLE dead_letters (
    id              uuid PRIMARY KEY,
    tenant_id       uuid NOT NULL,
    destination_id  uuid NOT NULL REFERENCES destinations (id) ON DELETE CASCADE,
    finding_id      uuid NOT NULL,
    attempts        integer NOT NULL,
    first_attempt_at timestamptz NOT NULL,
    failed_at       timestamptz NOT NULL,
    last_error      text NOT NULL,
    payload         text NOT NULL
);
CREATE INDEX ix_dead_letters_destination_id_failed_at ON dead_letters (destination_id, failed_at DESC, id DESC);
CREATE INDEX ix_dead_letters_tenant_id ON dead_letters (tenant_id);
