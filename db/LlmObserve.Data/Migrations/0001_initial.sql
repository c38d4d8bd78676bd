-- 0001: tenants, fleet, issued secrets, exchanges and findings.
-- Never edit an applied migration: add a new numbered file. SchemaMigrator checks checksums.

CREATE TABLE tenants (
    id          uuid PRIMARY KEY,
    name        text NOT NULL,
    created_at  timestamptz NOT NULL
);
CREATE UNIQUE INDEX ix_tenants_name ON tenants (name);

CREATE TABLE clusters (
    id          uuid PRIMARY KEY,
    tenant_id   uuid NOT NULL REFERENCES tenants (id),
    name        text NOT NULL,
    created_at  timestamptz NOT NULL
);
CREATE UNIQUE INDEX ix_clusters_tenant_id_name ON clusters (tenant_id, name);

CREATE TABLE nodes (
    id                 uuid PRIMARY KEY,
    tenant_id          uuid NOT NULL,
    cluster_id         uuid NOT NULL REFERENCES clusters (id),
    name               text NOT NULL,
    enrolled_at        timestamptz NOT NULL,
    last_seen_at       timestamptz,
    collector_version  text,
    kernel_version     text
);
CREATE UNIQUE INDEX ix_nodes_cluster_id_name ON nodes (cluster_id, name);
CREATE INDEX ix_nodes_tenant_id ON nodes (tenant_id);

-- Secrets we issue: SHA-256 of the token, never the token.
CREATE TABLE node_credentials (
    id           uuid PRIMARY KEY,
    tenant_id    uuid NOT NULL,
    cluster_id   uuid NOT NULL,
    node_id      uuid NOT NULL REFERENCES nodes (id),
    secret_hash  bytea NOT NULL,
    created_at   timestamptz NOT NULL,
    revoked_at   timestamptz
);
CREATE UNIQUE INDEX ix_node_credentials_secret_hash ON node_credentials (secret_hash);
CREATE INDEX ix_node_credentials_node_id ON node_credentials (node_id);

CREATE TABLE enrollment_tokens (
    id           uuid PRIMARY KEY,
    tenant_id    uuid NOT NULL,
    cluster_id   uuid NOT NULL REFERENCES clusters (id),
    secret_hash  bytea NOT NULL,
    description  text,
    created_at   timestamptz NOT NULL,
    expires_at   timestamptz NOT NULL,
    max_uses     integer NOT NULL CHECK (max_uses > 0),
    uses         integer NOT NULL DEFAULT 0,
    revoked_at   timestamptz
);
CREATE UNIQUE INDEX ix_enrollment_tokens_secret_hash ON enrollment_tokens (secret_hash);
CREATE INDEX ix_enrollment_tokens_cluster_id ON enrollment_tokens (cluster_id);

CREATE TABLE api_keys (
    id            uuid PRIMARY KEY,
    tenant_id     uuid NOT NULL REFERENCES tenants (id),
    name          text NOT NULL,
    secret_hash   bytea NOT NULL,
    scopes        text[] NOT NULL,
    created_at    timestamptz NOT NULL,
    last_used_at  timestamptz,
    revoked_at    timestamptz
);
CREATE UNIQUE INDEX ix_api_keys_secret_hash ON api_keys (secret_hash);
CREATE INDEX ix_api_keys_tenant_id ON api_keys (tenant_id);

-- Bodies are large and compressible: lz4 costs far less CPU than the default pglz.
CREATE TABLE exchanges (
    id                       uuid PRIMARY KEY,
    tenant_id                uuid NOT NULL,
    cluster_id               uuid NOT NULL REFERENCES clusters (id),
    node_id                  uuid NOT NULL REFERENCES nodes (id),
    correlation_id           uuid NOT NULL,
    schema_version           smallint NOT NULL,
    captured_at              timestamptz NOT NULL,
    completed_at             timestamptz,
    received_at              timestamptz NOT NULL,
    stored_at                timestamptz NOT NULL DEFAULT clock_timestamp(),
    source                   text NOT NULL,
    node_name                text NOT NULL,
    pid                      integer NOT NULL,
    command                  text,
    executable               text,
    container_id             text,
    pod                      text,
    namespace                text,
    local_address            text,
    local_port               integer,
    remote_address           text,
    remote_port              integer,
    server_name              text,
    method                   text NOT NULL,
    path                     text NOT NULL,
    host                     text,
    request_headers          jsonb NOT NULL,
    request_body             text COMPRESSION lz4,
    request_body_encoding    text NOT NULL,
    request_body_size        bigint,
    request_body_truncated   boolean NOT NULL,
    request_lost_bytes       bigint NOT NULL,
    status_code              integer,
    response_headers         jsonb,
    response_body            text COMPRESSION lz4,
    response_body_encoding   text,
    response_body_size       bigint,
    response_body_truncated  boolean NOT NULL,
    response_lost_bytes      bigint NOT NULL,
    streamed                 boolean NOT NULL,
    finding_count            integer NOT NULL
);
CREATE INDEX ix_exchanges_tenant_id_captured_at_id ON exchanges (tenant_id, captured_at DESC, id DESC);
CREATE INDEX ix_exchanges_tenant_id_cluster_id_captured_at_id ON exchanges (tenant_id, cluster_id, captured_at DESC, id DESC);
CREATE INDEX ix_exchanges_node_id ON exchanges (node_id);

CREATE TABLE findings (
    id                    uuid PRIMARY KEY,
    tenant_id             uuid NOT NULL,
    cluster_id            uuid NOT NULL,
    exchange_id           uuid NOT NULL REFERENCES exchanges (id) ON DELETE CASCADE,
    captured_at  timestamptz NOT NULL,
    rule_id               text NOT NULL,
    category              text NOT NULL,
    severity              smallint NOT NULL,
    title                 text NOT NULL,
    evidence              text,
    location              text NOT NULL,
    evidence_start        integer,
    evidence_length       integer,
    created_at            timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX ix_findings_exchange_id ON findings (exchange_id);
CREATE INDEX ix_findings_tenant_id_captured_at_id ON findings (tenant_id, captured_at DESC, id DESC);
CREATE INDEX ix_findings_tenant_id_cluster_id_captured_at_id ON findings (tenant_id, cluster_id, captured_at DESC, id DESC);
