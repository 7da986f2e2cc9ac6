using CommunityAcademy.Domain;
using CommunityAcademy.Domain.Scenes;
using CommunityAcademy.Web.Infrastructure.Data;
using CommunityAcademy.Web.Infrastructure.Files;
using Dapper;

namespace CommunityAcademy.Web.Features.Scenes;

public sealed class ResourceRow
{
    public long Id { get; init; }
    public long UnitId { get; init; }
    public string UnitName { get; init; } = "";
    public string Kind { get; init; } = "";
    public string? Subkind { get; init; }
    public string Name { get; init; } = "";
    public string? Description { get; init; }
    public string? ContactName { get; init; }
    public string? ContactPhone { get; init; }
    public string? Tags { get; init; }
    public long? SourceEntryId { get; init; }
    public IReadOnlyList<long> Photos { get; set; } = [];
}

public sealed record ResourceInput(long? UnitId, string? Kind, string? Name, string? Description, string? ContactName, string? ContactPhone, string? Tags);

/// <summary>
/// Community resources 人 文 地 产 景 (#25 point 5) of a community or village: description, photos (the attachment
/// store), a contact (masked by the one rule where shown), tags; found by a plain LIKE search over name, description
/// and tags; the entries of Open Space outputs recorded with the 人文地产景 template are taken over, once each.
/// </summary>
public sealed class ResourceStore(Db db, AttachmentStore files, TimeProvider clock)
{
    public const string PhotoKind = "community_resource";
    public const int MaxQuery = 100;
    public const int MaxShown = 500;

    public async Task<IReadOnlyList<ResourceRow>> SearchAsync(string? query, string? kind, Func<long, bool> visible)
    {
        var q = (query ?? "").Trim();
        if (q.Length > MaxQuery) q = q[..MaxQuery];
        var like = "%" + q.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_").ToLowerInvariant() + "%";
        var k = SceneTerms.ResourceKinds.Contains(kind ?? "") ? kind : null;
        await using var c = await db.OpenAsync();
        var rows = (await c.QueryAsync<ResourceRow>("""
            SELECT r.id, r.unit_id, u.name AS unit_name, r.kind, r.subkind, r.name, r.description, r.contact_name, r.contact_phone, r.tags, r.source_entry_id
            FROM community_resources r JOIN units u ON u.id = r.unit_id
            WHERE (CAST(@kind AS TEXT) IS NULL OR r.kind = @kind)
              AND (LOWER(r.name) LIKE @like ESCAPE '\' OR LOWER(COALESCE(r.description, '')) LIKE @like ESCAPE '\'
                   OR LOWER(COALESCE(r.tags, '')) LIKE @like ESCAPE '\' OR LOWER(u.name) LIKE @like ESCAPE '\')
            ORDER BY u.name, r.kind, r.id
            """, new { kind = k, like })).Where(r => visible(r.UnitId)).Take(MaxShown).ToList();
        var ids = rows.Select(r => r.Id).ToHashSet();
        if (ids.Count > 0)
        {
            var photos = (await c.QueryAsync<(long Owner, long Id)>("SELECT owner_id, id FROM attachments WHERE owner_kind = @k ORDER BY id", new { k = PhotoKind }))
                .Where(p => ids.Contains(p.Owner)).ToLookup(p => p.Owner, p => p.Id);
            foreach (var r in rows) r.Photos = photos[r.Id].ToList();
        }
        return rows;
    }

    public async Task<Result<long>> AddAsync(ResourceInput input, IReadOnlyList<EvidencePhoto> photos, long by)
    {
        if (input.UnitId is not { } unitId) return new Error("Scenes.UnitRequired");
        if (SceneTerms.ParseKind(input.Kind) is not { } kind) return new Error("Scenes.UnknownResourceKind", input.Kind ?? "");
        var name = SceneStore.Clean(input.Name, SceneTerms.MaxShort);
        if (name.Error is { } ne) return ne;
        if (name.Value is null) return new Error("Scenes.ResourceName", SceneTerms.MaxShort);
        var description = SceneStore.Clean(input.Description, SceneTerms.MaxText);
        var contact = SceneStore.Clean(input.ContactName, SceneTerms.MaxShort);
        var phone = SceneStore.Clean(input.ContactPhone, 40);
        var tags = SceneStore.Clean(input.Tags, SceneTerms.MaxShort);
        foreach (var e in new[] { description.Error, contact.Error, phone.Error, tags.Error }) if (e is not null) return e;
        if (photos.Count > AssessmentStore.MaxPhotos) return new Error("Scenes.TooManyPhotos", AssessmentStore.MaxPhotos);
        var prepared = new List<AttachmentFile>();
        foreach (var p in photos)
        {
            var (file, error) = files.Prepare(p.Bytes, p.FileName, AttachmentUses.Images);
            if (file is null) return new Error("Scenes.PhotoRefused", p.FileName, error!);
            prepared.Add(file);
        }
        try
        {
            return await db.InTransactionAsync<Result<long>>(async (c, tx) =>
            {
                if (await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM units WHERE id = @unitId", new { unitId }, tx) == 0) return new Error("Scenes.UnitRequired");
                var now = clock.GetUtcNow();
                var id = await c.ExecuteScalarAsync<long>("""
                    INSERT INTO community_resources (unit_id, kind, subkind, name, description, contact_name, contact_phone, tags, created_at, created_by)
                    VALUES (@unitId, @Kind, @Subkind, @name, @description, @contact, @phone, @tags, @now, @by) RETURNING id
                    """, new { unitId, kind.Kind, kind.Subkind, name = name.Value, description = description.Value, contact = contact.Value,
                        phone = phone.Value, tags = tags.Value, now, by }, tx);
                foreach (var f in prepared) await files.InsertAsync(c, tx, f, PhotoKind, id, null, by);
                await Audit.WriteAsync(c, tx, by, now, "community_resource", id, "scenes.resource.add", null, name.Value);
                return Result<long>.Ok(id);
            });
        }
        catch (AttachmentRefusedException e) { return new Error("Scenes.PhotoRefused", "", e.Message); }
    }

    /// <summary>
    /// Takes over the entries of Open Space topics and groups recorded with the 人文地产景 template (village_resources):
    /// each entry becomes a resource of its convener's (a topic) or leader's (a group) unit, once. Returns how many were added.
    /// </summary>
    public async Task<int> ImportOutputsAsync(Func<long, bool> mayKeep, long by)
    {
        return await db.InTransactionAsync(async (c, tx) =>
        {
            var entries = (await c.QueryAsync<(long Id, long? UnitId, string Kind, string? Subkind, string Name, string? Description)>("""
                SELECT e.id,
                       CASE WHEN e.owner_kind = 'topic' THEN (SELECT en.unit_id FROM open_space_topics t JOIN enrollments en ON en.id = t.convener_enrollment_id WHERE t.id = e.owner_id)
                            ELSE (SELECT en.unit_id FROM groups g JOIN enrollments en ON en.id = g.leader_enrollment_id WHERE g.id = e.owner_id) END AS unit_id,
                       e.kind, e.subkind, e.name, e.description
                FROM output_entries e JOIN session_outputs so ON so.session_id = e.session_id JOIN output_templates t ON t.id = so.template_id
                WHERE t.code = 'village_resources' AND NOT EXISTS (SELECT 1 FROM community_resources r WHERE r.source_entry_id = e.id)
                ORDER BY e.id
                """, transaction: tx)).ToList();
            var added = 0;
            var now = clock.GetUtcNow();
            foreach (var e in entries)
            {
                if (e.UnitId is not { } unit || !mayKeep(unit) || !SceneTerms.ResourceKinds.Contains(e.Kind)) continue;
                var name = e.Name.Length > SceneTerms.MaxShort ? e.Name[..SceneTerms.MaxShort] : e.Name;
                await c.ExecuteAsync("""
                    INSERT INTO community_resources (unit_id, kind, subkind, name, description, tags, source_entry_id, created_at, created_by)
                    VALUES (@unit, @Kind, @Subkind, @name, @Description, @tags, @Id, @now, @by)
                    """, new { unit, e.Kind, Subkind = e.Kind == "人" ? e.Subkind : null, name, e.Description, tags = "开放空间", e.Id, now, by }, tx);
                added++;
            }
            if (added > 0) await Audit.WriteAsync(c, tx, by, now, "community_resource", null, "scenes.resource.import", null, added.ToString());
            return added;
        });
    }
}
