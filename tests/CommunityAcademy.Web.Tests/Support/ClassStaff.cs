using CommunityAcademy.Web.Features.Cohorts;
using CommunityAcademy.Web.Infrastructure.Data;
using Dapper;

namespace CommunityAcademy.Web.Tests.Support;

/// <summary>Who is on a test class (#13 point 3: staff see only the classes they are on).</summary>
public static class ClassStaff
{
    /// <summary>Puts the demo's headteacher, mentor and expert on the class, as the demo does on its own classes.</summary>
    public static Task PutDemoStaffOnAsync(this TestApp app, long cohortId) =>
        app.PutOnAsync(cohortId, ("headteacher", "head_teacher"), ("mentor", "mentor"), ("expert", "expert"));

    public static async Task PutOnAsync(this TestApp app, long cohortId, params (string Username, string Role)[] people)
    {
        await app.Get<Db>().InTransactionAsync(async (c, tx) =>
        {
            foreach (var (username, role) in people)
            {
                var user = await c.ExecuteScalarAsync<long>("SELECT id FROM users WHERE username = @username", new { username }, tx);
                await CohortStaff.AddAsync(c, tx, cohortId, user, role, app.Clock.GetUtcNow());
            }
            return 0;
        });
        app.Get<CohortAccess>().Forget(cohortId);
    }

    /// <summary>The class is owned by the demo organizer's unit (鄂州市民政局), as a class it created would be.</summary>
    public static async Task OwnByDemoOrganizerAsync(this TestApp app, long cohortId)
    {
        await using var c = await app.Get<Db>().OpenAsync();
        await c.ExecuteAsync("UPDATE cohorts SET owner_unit_id = (SELECT unit_id FROM users WHERE username = 'organizer') WHERE id = @cohortId", new { cohortId });
    }
}
