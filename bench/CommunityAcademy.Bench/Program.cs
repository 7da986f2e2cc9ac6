using System.Diagnostics;
using System.Globalization;
using CommunityAcademy.Bench;

// CommunityAcademy benchmarks. `dotnet run -c Release --project bench/CommunityAcademy.Bench -- [--quick] [--postgres CONN] [--only import|roster|summary|signin|units]`
// (--only …|rotation|reviews|scores|ledger|certificates|handbook|surveys|surveys-page|summarydocx|dashboard) prints a markdown table; docs/benchmarks.md keeps the latest full run.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
if (args.Length > 0 && args[0] == "import-child") return await ImportBench.ChildAsync(args[1..]);
if (args.Length > 0 && args[0] == "certificates-child") return CertificateBench.Child(args[1..]);

var quick = args.Contains("--quick");
var pgIndex = Array.IndexOf(args, "--postgres");
var postgres = pgIndex >= 0 && pgIndex + 1 < args.Length ? args[pgIndex + 1] : Environment.GetEnvironmentVariable("CA_TEST_POSTGRES");

var onlyIndex = Array.IndexOf(args, "--only");
var only = onlyIndex >= 0 && onlyIndex + 1 < args.Length ? args[onlyIndex + 1] : null; // import, roster, summary, signin, units, rotation, reviews or scores
bool Run(string name) => only is null || only == name;

var results = new List<Row>();
var rows = quick ? 5_000 : 100_000;
if (Run("import"))
{
    results.AddRange(await ImportBench.RunAsync(rows, "sqlite", null));
    if (!string.IsNullOrEmpty(postgres)) results.AddRange(await ImportBench.RunAsync(rows, "postgres", postgres));
    else Console.Error.WriteLine("(PostgreSQL skipped: give --postgres CONN or set CA_TEST_POSTGRES)");
}

var requests = quick ? 30 : 500;
if (Run("roster"))
foreach (var (provider, conn, cleanup) in await Databases.CreateAsync(postgres, "roster"))
    try { results.AddRange(await RosterPageBench.RunAsync(provider, conn, requests)); }
    finally { await cleanup(); }

if (Run("units"))
foreach (var (provider, conn, cleanup) in await Databases.CreateAsync(postgres, "units"))
    try { results.AddRange(await UnitPagesBench.RunAsync(provider, conn, quick ? 10 : 100, quick ? 10 : 200)); }
    finally { await cleanup(); }

if (Run("summary"))
foreach (var (provider, conn, cleanup) in await Databases.CreateAsync(postgres, "summary"))
    try { results.AddRange(await SummaryBench.RunAsync(provider, conn, quick ? 500 : 20_000, quick ? 5 : 30)); }
    finally { await cleanup(); }

// The review module's ranking (issue 18): N submissions × 3 reviewers × 5 criteria, 2N, and the ranking page of 500.
if (Run("reviews"))
foreach (var (provider, conn, cleanup) in await Databases.CreateAsync(postgres, "reviews"))
    try { results.AddRange(await ReviewBench.RunAsync(provider, conn, quick ? 500 : 20_000, quick ? 5 : 30, quick ? 20 : 300)); }
    finally { await cleanup(); }

// The class score and outstanding trainees (issue 19): N trainees × 3 tasks × 3 reviewers; the outstanding page of 500.
if (Run("scores"))
foreach (var (provider, conn, cleanup) in await Databases.CreateAsync(postgres, "scores"))
    try { results.AddRange(await ScoreBench.RunAsync(provider, conn, quick ? 500 : 20_000, quick ? 5 : 30, quick ? 20 : 300)); }
    finally { await cleanup(); }

// The 学时 ledger (issue 21): a person's ledger and a district's yearly summary at 1,000,000 stored rows.
if (Run("ledger"))
foreach (var (provider, conn, cleanup) in await Databases.CreateAsync(postgres, "ledger"))
    try { results.AddRange(await LedgerBench.RunAsync(provider, conn, quick ? 50_000 : 1_000_000, quick ? 50 : 500)); }
    finally { await cleanup(); }

// Certificates (issue 22): N as one PDF (a child process: its own peak memory); the verification page with M issued.
if (Run("certificates"))
{
    results.AddRange(await CertificateBench.PdfAsync(quick ? 50 : 1_000));
    foreach (var (provider, conn, cleanup) in await Databases.CreateAsync(postgres, "certs"))
        try { results.AddRange(await CertificateBench.VerifyAsync(provider, conn, quick ? 2_000 : 100_000, quick ? 20 : 500)); }
        finally { await cleanup(); }
}

// 工作手册 search (issue 26): 100,000 generated paragraphs, 200 queries drawn from the text; FTS5 / PostgreSQL full text vs a LIKE scan.
if (Run("handbook"))
foreach (var (provider, conn, cleanup) in await Databases.CreateAsync(postgres, "handbook"))
    try { results.AddRange(await HandbookBench.RunAsync(provider, conn, quick ? 5_000 : 100_000, quick ? 40 : 200)); }
    finally { await cleanup(); }

// Surveys (issue 23): N respondents answering through the API within a minute, up to 200 at a time, none lost; the analysis page of M answers × 20 questions.
if (Run("surveys"))
foreach (var (provider, conn, cleanup) in await Databases.CreateAsync(postgres, "surveys"))
    try { results.AddRange(await SurveyBench.RunAsync(provider, conn, quick ? 200 : 1_000, quick ? 50 : 200, TimeSpan.FromSeconds(quick ? 10 : 60), quick ? 500 : 10_000, quick ? 5 : 30)); }
    finally { await cleanup(); }

// 培训总结 (issue 24): the class summary .docx of a 500-trainee class (sessions, attendance, a survey of 20 questions answered by all).
if (Run("summarydocx"))
foreach (var (provider, conn, cleanup) in await Databases.CreateAsync(postgres, "summarydocx"))
    try { results.AddRange(await SummaryDocxBench.RunAsync(provider, conn, 500, quick ? 3 : 20)); }
    finally { await cleanup(); }

// The analysis page alone (`--only surveys-page`, not part of a plain run): 10,000 answers × 20 questions either way, to profile the page.
if (only == "surveys-page")
foreach (var (provider, conn, cleanup) in await Databases.CreateAsync(postgres, "surveyp"))
    try { results.AddRange(await SurveyBench.PageOnlyAsync(provider, conn, 10_000, quick ? 10 : 30)); }
    finally { await cleanup(); }

// The organizer's dashboard (issue 24): a year of 200 classes and 20,000 trainees, the page and a district's drill-down on loopback.
if (Run("dashboard"))
foreach (var (provider, conn, cleanup) in await Databases.CreateAsync(postgres, "dashboard"))
    try { results.AddRange(await DashboardBench.RunAsync(provider, conn, quick ? 20 : 200, quick ? 50 : 100, quick ? 20 : 300)); }
    finally { await cleanup(); }

// World Café rotation (issue 16): pure, no database.
if (Run("rotation")) results.AddRange(RotationBench.Run(quick ? 2 : 7));

var burst = TimeSpan.FromSeconds(quick ? 2 : 10);
if (Run("signin"))
foreach (var (provider, conn, cleanup) in await Databases.CreateAsync(postgres, "signin"))
    try { results.AddRange(await SigninBench.RunAsync(provider, conn, burst)); }
    finally { await cleanup(); }

// Reliability (a): not part of a plain run (it takes a while and needs PostgreSQL); `--only two-instances`.
if (only == "two-instances")
{
    if (string.IsNullOrEmpty(postgres)) { Console.Error.WriteLine("two-instances needs PostgreSQL: --postgres CONN or CA_TEST_POSTGRES"); return 2; }
    foreach (var (provider, conn, cleanup) in (await Databases.CreateAsync(postgres, "two")).Where(d => d.Provider == "postgres"))
        try { results.AddRange(await TwoInstancesTest.RunAsync(conn)); }
        finally { await cleanup(); }
}

Console.WriteLine();
Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}; {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC{(quick ? " (quick)" : "")}");
Console.WriteLine();
Console.WriteLine("| benchmark | database | figure | value | goal | met |");
Console.WriteLine("|---|---|---|---|---|---|");
foreach (var r in results) Console.WriteLine($"| {r.Benchmark} | {r.Database} | {r.Figure} | {r.Value} | {r.Goal} | {(r.Met is null ? "" : r.Met.Value ? "yes" : "NO")} |");
Console.WriteLine();
foreach (var r in results.Where(r => r.Line is not null)) Console.WriteLine(r.Line);
// Quick mode is a smoke test: it fails only when something breaks, not on figures from a busy CI machine.
return 0;

namespace CommunityAcademy.Bench
{
    public sealed record Row(string Benchmark, string Database, string Figure, string Value, string Goal, bool? Met, string? Line = null);

    public static class Measure
    {
        public static async Task<(T Result, TimeSpan Elapsed)> TimeAsync<T>(Func<Task<T>> work)
        {
            var sw = Stopwatch.StartNew();
            var r = await work();
            return (r, sw.Elapsed);
        }
    }
}
