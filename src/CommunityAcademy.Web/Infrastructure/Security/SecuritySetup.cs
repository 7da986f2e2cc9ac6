using System.Security.Claims;
using CommunityAcademy.Web.Infrastructure.Web;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using CommunityAcademy.Domain.Accounts;
using CommunityAcademy.Web.Features.Accounts;
using CommunityAcademy.Web.Infrastructure.Data;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace CommunityAcademy.Web.Infrastructure.Security;

public static class Policies
{
    public const string Admin = "admin";
    public const string ManageUnits = "manage-units";
    public const string ManageCohorts = "manage-cohorts";
    public const string Staff = "staff";
    /// <summary>Takes sign-in and records discipline: administrators, organizers, head teachers.</summary>
    public const string TakeAttendance = "take-attendance";
    /// <summary>Reads trainees' one-time codes to hand them out: organizers, head teachers, unit contacts (their own trainees).</summary>
    public const string ReadTraineeCodes = "read-trainee-codes";
    public const string LoginRateLimit = "login";
    /// <summary>Every /api/v1 call: per signed-in user (per client address before sign-in), <see cref="ApiLimitOptions"/>.</summary>
    public const string ApiRateLimit = "api";
}

/// <summary>How many API calls one user (or, unsigned, one client address) may make per minute.</summary>
public sealed class ApiLimitOptions
{
    public const string Section = "Security:Api";
    public int RequestsPerMinute { get; set; } = 600;
}

public static class SecuritySetup
{
    /// <summary>Pages use the cookie; API clients send "Authorization: Bearer …". One scheme picks between them.</summary>
    public const string CookieOrBearer = "cookie-or-bearer";

    public static IServiceCollection AddAppSecurity(this IServiceCollection services, IConfiguration config)
    {
        services.Configure<LoginOptions>(config.GetSection(LoginOptions.Section));
        services.Configure<ApiLimitOptions>(config.GetSection(ApiLimitOptions.Section));
        services.AddSingleton<IPasswordHasher<UserRow>, PasswordHasher<UserRow>>();
        services.AddSingleton<AccountStore>();
        services.AddSingleton<LoginService>();
        services.AddSingleton<PasswordChanger>();
        services.AddSingleton<LoginSessionStore>();
        services.AddSingleton<SessionValidator>();

        services.AddDataProtection().SetApplicationName("CommunityAcademy");
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp =>
            new ConfigureOptions<KeyManagementOptions>(o => o.XmlRepository = new DbXmlRepository(sp.GetRequiredService<Db>())));

        services.AddAuthentication(CookieOrBearer)
            .AddPolicyScheme(CookieOrBearer, "Cookie or bearer token", o => o.ForwardDefaultSelector = ctx =>
                ctx.Request.HasBearerToken()
                    ? BearerTokenDefaults.AuthenticationScheme
                    : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(o =>
            {
                o.Cookie.Name = "ca.auth";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.LoginPath = "/Accounts/Login";
                o.LogoutPath = "/Accounts/Logout";
                o.AccessDeniedPath = "/Accounts/AccessDenied";
                o.ExpireTimeSpan = TimeSpan.FromHours(12);
                o.SlidingExpiration = true;
                // An API call without a valid cookie gets a status code, not a redirect to the login page.
                o.Events.OnRedirectToLogin = ctx => Answer(ctx.HttpContext, ctx.RedirectUri, StatusCodes.Status401Unauthorized);
                o.Events.OnRedirectToAccessDenied = ctx => Answer(ctx.HttpContext, ctx.RedirectUri, StatusCodes.Status403Forbidden);
                o.Events.OnValidatePrincipal = async ctx =>
                {
                    var v = ctx.HttpContext.RequestServices.GetRequiredService<SessionValidator>();
                    if (!await v.IsLiveAsync(ctx.Principal!))
                    {
                        ctx.RejectPrincipal();
                        await ctx.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
                    }
                };
            })
            .AddBearerToken();
        // Bound lazily: tests and hosts may change configuration after this method has run.
        services.AddOptions<BearerTokenOptions>(BearerTokenDefaults.AuthenticationScheme)
            .Configure<IOptions<LoginOptions>>((o, login) => o.BearerTokenExpiration = TimeSpan.FromHours(login.Value.TokenLifetimeHours));

        // Declared once where routes are grouped: the /api/v1 group and the pages folder require a signed-in
        // user (FeatureSetup, Program); endpoints and pages that don't say AllowAnonymous.
        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Admin, p => p.RequireRole(Role.Administrator))
            .AddPolicy(Policies.ManageUnits, p => p.RequireRole(Role.Administrator, Role.Organizer))
            .AddPolicy(Policies.ManageCohorts, p => p.RequireRole(Role.Administrator, Role.Organizer))
            .AddPolicy(Policies.Staff, p => p.RequireRole([.. Role.Staff]))
            .AddPolicy(Policies.TakeAttendance, p => p.RequireRole(Role.Administrator, Role.Organizer, Role.HeadTeacher))
            .AddPolicy(Policies.ReadTraineeCodes, p => p.RequireRole(Role.Administrator, Role.Organizer, Role.HeadTeacher, Role.UnitContact));

        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(Policies.LoginRateLimit, http =>
            {
                var perMinute = http.RequestServices.GetRequiredService<IOptions<LoginOptions>>().Value.AttemptsPerMinute;
                return RateLimitPartition.GetFixedWindowLimiter(
                    http.ClientAddress(),
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });
            });
            // per user, not per address: a street office's whole staff may share one address behind its NAT
            o.AddPolicy(Policies.ApiRateLimit, http =>
            {
                var perMinute = http.RequestServices.GetRequiredService<IOptions<ApiLimitOptions>>().Value.RequestsPerMinute;
                var user = http.User.FindFirst(ClaimTypes.NameIdentifier)?.Value;
                return RateLimitPartition.GetFixedWindowLimiter(
                    user is null ? "address:" + http.ClientAddress() : "user:" + user,
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });
            });
            o.OnRejected = async (ctx, ct) =>
            {
                ctx.HttpContext.Response.Headers.RetryAfter = "60";
                await Results.Problem(statusCode: 429, title: Texts.Of("Problem.TooManyRequests"))
                    .ExecuteAsync(ctx.HttpContext);
            };
        });
        return services;
    }

    public static bool IsApi(this HttpRequest request) => request.Path.StartsWithSegments("/api");

    /// <summary>The client's address as the rate limits and login failures count it.</summary>
    public static string ClientAddress(this HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    private static Task Answer(HttpContext http, string redirectUri, int status)
    {
        if (http.Request.IsApi()) http.Response.StatusCode = status;
        else http.Response.Redirect(redirectUri);
        return Task.CompletedTask;
    }
}

public static class BearerRequests
{
    /// <summary>The request carries a bearer token (the API's clients) rather than riding on the page's cookie.</summary>
    public static bool HasBearerToken(this HttpRequest request) =>
        request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);
}
