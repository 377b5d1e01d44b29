-- A team is known when it was created (PUT /api/teams/{id}) or an agent belongs to it; inbox
-- settings may only name known teams. Teams that agents already name become teams here.
INSERT INTO teams (id, name)
SELECT DISTINCT t, t FROM agents, jsonb_array_elements_text(agents.teams) AS t
ON CONFLICT (id) DO NOTHING;
