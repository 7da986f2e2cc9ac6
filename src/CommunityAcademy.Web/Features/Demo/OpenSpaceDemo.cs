using System.Data.Common;
using Dapper;

namespace CommunityAcademy.Web.Features.Demo;

/// <summary>
/// Seed 001's afternoon Open Space (#17 point 6): 王燕's “如何有效动员农村治理有关资源”, after the village's resources were
/// defined in five kinds 人 文 地 产 景. Two slots × four spaces, six topics posted by trainees (invented: marked 示例),
/// placed on the wall, people signed up, and one topic's notes written by its convener.
/// </summary>
public static class OpenSpaceDemo
{
    public const string Theme = "如何有效动员农村治理有关资源";
    public static readonly (string Starts, string Ends)[] Slots = [("14:30", "15:15"), ("15:30", "16:15")];
    public static readonly (string Name, int Capacity)[] Spaces = [("培训室前区", 12), ("培训室后区", 12), ("茶歇区", 10), ("走廊角", 6)];

    /// <summary>(title, description, convener's trainee number, slot, space). The first is the one with notes.</summary>
    public static readonly (string Title, string Description, int Convener, int Slot, int Space)[] Topics =
    [
        ("村里的能人怎么用起来", "人：乡贤、能人、骨干，怎样请他们出来做事" + DemoClassKit.SampleMark, 3, 0, 0),
        ("老手艺和村史怎么变成凝聚力", "文：家风家训、老手艺、村史馆" + DemoClassKit.SampleMark, 7, 0, 1),
        ("闲置农房和边角地怎么盘活", "地：宅基地、闲置农房、边角地" + DemoClassKit.SampleMark, 12, 0, 2),
        ("特色农产品怎么卖出去", "产：合作社、电商、民宿带动" + DemoClassKit.SampleMark, 15, 1, 0),
        ("美丽庭院连成片，村里的景怎么留住人", "景：庭院、河道、田园风光" + DemoClassKit.SampleMark, 21, 1, 1),
        ("村民自治最缺什么资源、去哪里找", "从五类资源里找出最缺的一类" + DemoClassKit.SampleMark, 26, 1, 2),
    ];

    public static async Task SeedAsync(DbConnection c, DbTransaction tx, long cohortId, long sessionId, DateTimeOffset now)
    {
        var people = (await c.QueryAsync<(string Username, long Id)>("""
            SELECT u.username, e.id FROM enrollments e JOIN users u ON u.id = e.user_id WHERE e.cohort_id = @cohortId AND e.category = 'trainee'
            """, new { cohortId }, tx)).ToDictionary(x => x.Username, x => x.Id);
        long Person(int n) => people[$"hn{n:00}"];
        var organizer = await c.ExecuteScalarAsync<long?>("SELECT id FROM users WHERE username = @u", new { u = Seed001.Organizer }, tx);
        var os = await c.ExecuteScalarAsync<long>("""
            INSERT INTO open_spaces (session_id, cohort_id, theme, marketplace_open, created_at, created_by)
            VALUES (@sessionId, @cohortId, @Theme, FALSE, @now, @organizer) RETURNING id
            """, new { sessionId, cohortId, Theme, now, organizer }, tx);
        var slots = new List<long>();
        for (var i = 0; i < Slots.Length; i++)
            slots.Add(await c.ExecuteScalarAsync<long>("""
                INSERT INTO open_space_slots (open_space_id, sort_order, starts_at, ends_at) VALUES (@os, @i, @s, @e) RETURNING id
                """, new { os, i, s = Slots[i].Starts, e = Slots[i].Ends }, tx));
        var spaces = new List<long>();
        for (var i = 0; i < Spaces.Length; i++)
            spaces.Add(await c.ExecuteScalarAsync<long>("""
                INSERT INTO open_space_spaces (open_space_id, sort_order, name, capacity) VALUES (@os, @i, @n, @cap) RETURNING id
                """, new { os, i, n = Spaces[i].Name, cap = Spaces[i].Capacity }, tx));
        var topics = new List<long>();
        foreach (var t in Topics)
        {
            var convener = Person(t.Convener);
            topics.Add(await c.ExecuteScalarAsync<long>("""
                INSERT INTO open_space_topics (open_space_id, title, description, convener_enrollment_id, posted_by, posted_at, slot_id, space_id)
                VALUES (@os, @Title, @Description, @convener, (SELECT user_id FROM enrollments WHERE id = @convener), @now, @slot, @space) RETURNING id
                """, new { os, t.Title, t.Description, convener, now, slot = slots[t.Slot], space = spaces[t.Space] }, tx));
        }
        // Everyone goes somewhere in each slot: the conveners to their own topic, the others spread round the slot's topics.
        for (var slot = 0; slot < Slots.Length; slot++)
        {
            var here = Topics.Select((t, i) => (t, i)).Where(x => x.t.Slot == slot).ToList();
            var k = 0;
            for (var n = 1; n <= 29; n++)
            {
                var own = here.FirstOrDefault(x => x.t.Convener == n);
                var topic = own.t.Title is not null ? topics[own.i] : topics[here[k++ % here.Count].i];
                await c.ExecuteAsync("""
                    INSERT INTO open_space_signups (slot_id, enrollment_id, topic_id, signed_at) VALUES (@slot, @e, @topic, @now)
                    """, new { slot = slots[slot], e = Person(n), topic, now }, tx);
            }
        }
        await c.ExecuteAsync("""
            UPDATE open_space_topics SET notes = @notes, actions = @actions, follow_up_enrollment_id = @follow, notes_updated_at = @now,
                   notes_updated_by = (SELECT user_id FROM enrollments WHERE id = @convener) WHERE id = @id
            """, new
            {
                id = topics[0], now, convener = Person(Topics[0].Convener), follow = Person(5),
                notes = "能人：退休教师、返乡创业青年、老党员、种养大户。\n难点：能人有本事但没有“名分”，村里有事想不到他们。\n办法：建立能人名册，按特长对接村里的事。" + DemoClassKit.SampleMark,
                actions = "1. 每村摸一遍能人底数，建名册。\n2. 请能人认领一件村里的小事（睦邻点、庭院评比）。\n3. 下次工作坊交流名册。" + DemoClassKit.SampleMark,
            }, tx);
    }
}
