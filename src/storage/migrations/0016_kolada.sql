-- Public KPI data from Kolada (API v3, docs/kolada.md): the KPI catalogue, the
-- municipalities and regions, the municipality groups (jämförelsegrupper) and the
-- values. Kolada's values are their own kind of data with their own source: they are
-- never written into outcome (the region's own outcomes), and every value read out
-- carries the source line "Källa: Kolada".
--
-- Each organisation holds its own copy (the tenant key on every table, as everywhere):
-- an import is audited in that organisation's chain, and a tenant never reads another's
-- rows. Ids are Kolada's own ("N00945", "0025", "G124033").
CREATE TABLE kolada_kpi (
    org_id BIGINT NOT NULL,
    id TEXT NOT NULL,
    title TEXT NOT NULL,
    description TEXT,
    operating_area TEXT,
    municipality_type TEXT,
    is_divided_by_gender INTEGER NOT NULL DEFAULT 0,
    row_version INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (org_id, id)
);

-- type: K (kommun) or L (region); the nation is 0000.
CREATE TABLE kolada_municipality (
    org_id BIGINT NOT NULL,
    id TEXT NOT NULL,
    title TEXT NOT NULL,
    type TEXT NOT NULL CHECK (type IN ('K', 'L')),
    row_version INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (org_id, id)
);

CREATE TABLE kolada_municipality_group (
    org_id BIGINT NOT NULL,
    id TEXT NOT NULL,
    title TEXT NOT NULL,
    row_version INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (org_id, id)
);

-- A member need not be in kolada_municipality (a group list may come first).
CREATE TABLE kolada_municipality_group_member (
    org_id BIGINT NOT NULL,
    group_id TEXT NOT NULL,
    municipality_id TEXT NOT NULL,
    PRIMARY KEY (org_id, group_id, municipality_id),
    FOREIGN KEY (org_id, group_id) REFERENCES kolada_municipality_group (org_id, id) ON DELETE CASCADE
);

-- One value per KPI, municipality, period (year) and gender (T total, K women, M men).
-- value is null when Kolada has none (suppressed or missing); count and status as served.
CREATE TABLE kolada_value (
    org_id BIGINT NOT NULL,
    kpi_id TEXT NOT NULL,
    municipality_id TEXT NOT NULL,
    period INTEGER NOT NULL,
    gender TEXT NOT NULL CHECK (gender IN ('T', 'K', 'M')),
    value DOUBLE PRECISION,
    count INTEGER,
    status TEXT NOT NULL DEFAULT '',
    imported_at TEXT NOT NULL,
    row_version INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (org_id, kpi_id, municipality_id, period, gender),
    FOREIGN KEY (org_id, kpi_id) REFERENCES kolada_kpi (org_id, id)
);

-- What a value was before a newer import replaced it (reason 'replaced') or a row
-- marked isdeleted removed it (reason 'deleted'): row_version is the version that was
-- replaced, so a value's history is every row here plus the current one.
CREATE TABLE kolada_value_history (
    org_id BIGINT NOT NULL,
    {{id_alone}},
    kpi_id TEXT NOT NULL,
    municipality_id TEXT NOT NULL,
    period INTEGER NOT NULL,
    gender TEXT NOT NULL,
    value DOUBLE PRECISION,
    count INTEGER,
    status TEXT NOT NULL DEFAULT '',
    row_version INTEGER NOT NULL,
    imported_at TEXT NOT NULL,
    replaced_at TEXT NOT NULL,
    reason TEXT NOT NULL CHECK (reason IN ('replaced', 'deleted'))
);
CREATE INDEX kolada_value_history_key ON kolada_value_history (org_id, kpi_id, municipality_id, period, gender);

-- A measure of the plan linked to a Kolada KPI (at most one per measure): its
-- comparison with the nation, the regions and a municipality group. municipality_id is
-- the organisation itself in Kolada (0025 for Region Norrbotten); group_id the chosen
-- jämförelsegrupp, if any.
CREATE TABLE measure_kolada_link (
    org_id BIGINT NOT NULL,
    measure_id BIGINT NOT NULL,
    kpi_id TEXT NOT NULL,
    municipality_id TEXT NOT NULL,
    group_id TEXT,
    row_version INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (org_id, measure_id),
    FOREIGN KEY (org_id, measure_id) REFERENCES measure (org_id, id) ON DELETE CASCADE
);
