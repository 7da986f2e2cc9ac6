using CommunityAcademy.Web.Infrastructure.Web;
namespace CommunityAcademy.Web.Infrastructure.Security;

public static class MustChangePassword
{
    public const string ChangePasswordPath = "/Accounts/ChangePassword";

    /// <summary>An account created with a one-time password can do nothing else until it sets its own.</summary>
    public static IApplicationBuilder UseMustChangePassword(this IApplicationBuilder app) => app.Use((http, next) =>
    {
        if (http.User.HasClaim(c => c.Type == Claims.MustChangePassword)
            && !http.Request.Path.StartsWithSegments(ChangePasswordPath)
            && !http.Request.Path.StartsWithSegments("/Accounts/Logout")
            && !http.Request.Path.StartsWithSegments("/api/v1/auth/logout")
            && !http.Request.Path.StartsWithSegments("/api/v1/auth/password")
            && !http.Request.Path.StartsWithSegments("/culture"))
        {
            if (http.Request.Path.StartsWithSegments("/api"))
                return Results.Problem(statusCode: 403, title: Texts.Of("Problem.ChangePasswordFirst")).ExecuteAsync(http);
            // A page asked for (a scan link, say) is where the user goes once the password is set.
            var asked = http.Request.Path + http.Request.QueryString;
            http.Response.Redirect(HttpMethods.IsGet(http.Request.Method) && asked != "/"
                ? ChangePasswordPath + "?ReturnUrl=" + Uri.EscapeDataString(asked) : ChangePasswordPath);
            return Task.CompletedTask;
        }
        // not async: a request that passes adds no frame of its own to every await further in
        return next(http);
    });
}
