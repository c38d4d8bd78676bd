-- 0002: the LLM call a collector recognized on an exchange; what a node's heartbeat reports.
-- Never edit an applied migration: add a new numbered file. SchemaMigrator checks checksums.

-- Nullable without a default: adding them only changes the catalog, the table is not rewritten.
-- Exchanges from collectors that do not recognize calls (or not this one) keep all three null.
ALTER TABLE exchanges
    ADD COLUMN llm_provider  text,
    ADD COLUMN llm_endpoint  text,
    ADD COLUMN llm_model     text,
    -- Provider and endpoint come together (both required in the contract's LlmCall). NOT VALID:
    -- rows written from now on are checked, existing rows (all null) are not scanned under lock.
    ADD CONSTRAINT ck_exchanges_llm_provider_endpoint CHECK ((llm_provider IS NULL) = (llm_endpoint IS NULL)) NOT VALID;

-- last_seen_at (0001) moves on every heartbeat and accepted batch; the heartbeat's own report is
-- kept as of last_heartbeat_at. Targets and counters are open-ended maps, so jsonb.
ALTER TABLE nodes
    ADD COLUMN started_at         timestamptz,
    ADD COLUMN last_heartbeat_at  timestamptz,
    ADD COLUMN targets            jsonb,
    ADD COLUMN counters           jsonb;
COMMENT ON COLUMN nodes.started_at IS 'When the node''s collector process started, as its last heartbeat said.';
