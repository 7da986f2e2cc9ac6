using CommunityAcademy.Web.Cli;
using CommunityAcademy.Web.Features;
using CommunityAcademy.Web.Features.Accounts;
using CommunityAcademy.Web.Features.Cohorts;
using CommunityAcademy.Web.Infrastructure.Data;
using CommunityAcademy.Web.Infrastructure.Hosting;
using CommunityAcademy.Web.Infrastructure.Security;
using CommunityAcademy.Web.Infrastructure.Web;

// CommunityAcademy 社区工作者培训管理平台 — one executable: the web application and its CLI.
var cmd = CommandLine.Parse(args);
if (cmd.Command == "rotation") return await RotationCommand.RunAsync(cmd, Console.Out, Console.Error); // pure: no host, no database
var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = cmd.HostArgs,
    ContentRootPath = AppFolder.ContentRoot(cmd.HostArgs),  // a published build runs from its own folder, started anywhere
});

builder.AddAppLogging();                                   // structured console logs, request ids, no personal data
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddAppData(builder.Configuration);        // Dapper over SQLite or PostgreSQL, migrations
builder.Services.AddAppSecurity(builder.Configuration);    // cookie + bearer, roles, lock-out, rate limits
builder.Services.AddAppWeb();                              // zh-CN/en texts, problem details, antiforgery
builder.Services.AddFeatures();                            // Units, Accounts, Cohorts, Demo …
builder.Services.AddRazorPages(o =>
{
    o.RootDirectory = "/Features";                         // pages live beside their feature's code
    o.Conventions.AuthorizeFolder("/");                    // every page needs a sign-in unless it says AllowAnonymous
    o.Conventions.AddCohortAccess();                       // pages of a class or session: 404 when the caller may not see it
    o.Conventions.ConfigureFilter(new UnknownHandlerFilter()); // a post or ?handler= naming none of the page's handlers: 404
}).AddViewLocalization();
builder.Services.AddOpenApi("v1");

var app = builder.Build();

if (cmd.Command != "serve")
    return await CliCommands.RunAsync(app.Services, cmd, Console.Out, Console.Error);

await app.Services.GetRequiredService<FirstRun>()
    .PrepareAsync(app.Configuration.GetValue<bool>("Demo"), Console.Out);

app.LogPublicLinks();                                      // which address the links and QR codes carry
app.UseTrustedForwardedHeaders();                          // X-Forwarded-* from Web:TrustedProxies only
app.UseSecurityHeaders();                                  // CSP, nosniff, no framing, no referrer, no-store, HSTS
app.UseRequestLocalization();                              // first: error pages and problem titles speak the request's language
app.UseStatusCodePages();                                  // problem+json for an empty 4xx/5xx (the API, non-browser clients)
app.UseErrorPages();                                       // a browser's 403/404/5xx: a page in the site layout, same status
app.UseAppExceptionHandler();
app.UseStaticFiles(SecurityHeaders.StaticFiles());
app.UseRouting();
app.UseAuthentication();
app.UseRateLimiter();                                     // after sign-in: the API is limited per user
app.Use(SessionValidator.Middleware);
app.UseAuthorization();
app.UseMustChangePassword();
app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
app.MapFeatures();

app.Lifetime.ApplicationStarted.Register(() => FirstRun.PrintAddresses(app, Console.Out));
app.Run();
return 0;

/// <summary>Visible to the test host (WebApplicationFactory).</summary>
public partial class Program;
