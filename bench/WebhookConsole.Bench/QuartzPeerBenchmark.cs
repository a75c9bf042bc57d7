using System.Diagnostics;
using Quartz;

namespace WebhookConsole.Bench;

/// <summary>
/// (c) The peer: the same deliveries as one Quartz job each, in Quartz's ADO job store on SQLite (what a team
/// reaching for a job library would build), with the same concurrency.
/// </summary>
public static class QuartzPeerBenchmark
{
    public static async Task<double> RunAsync(BenchReceiver receiver, int concurrency, TimeSpan duration)
    {
        receiver.Reset();
        var directory = Path.Combine(Path.GetTempPath(), "webhookconsole-bench", "quartz-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        SendJob.Url = receiver.BaseUrl + "/quartz";
        var scheduler = await QuartzSchedulerBuilder.Create(quartz =>
            {
                quartz.UseDefaultThreadPool(tp => tp.MaxConcurrency = concurrency);
                quartz.UsePersistentStore(store =>
                {
                    store.UseSqlite($"Data Source={Path.Combine(directory, "quartz.db")}");
                    store.UseSystemTextJsonSerializer();
                    store.ProvisionSchema();
                });
            })
            .BuildScheduler();
        await scheduler.Start();
        var stop = Stopwatch.StartNew();
        long scheduled = 0;
        // Jobs are offered as fast as the store takes them, by as many callers as the engine's publishers.
        await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            while (stop.Elapsed < duration)
            {
                var id = Guid.NewGuid().ToString();
                var job = JobBuilder.Create<SendJob>().WithIdentity(id).UsingJobData("id", id).Build();
                await scheduler.ScheduleJob(job, TriggerBuilder.Create().StartNow().Build());
                Interlocked.Increment(ref scheduled);
            }
        }));
        await receiver.WaitForAsync(scheduled, TimeSpan.FromMinutes(2));
        var rate = receiver.Count / stop.Elapsed.TotalSeconds;
        await scheduler.Shutdown(waitForJobsToComplete: false);
        return rate;
    }

    /// <summary>One delivery: sign and POST.</summary>
    public sealed class SendJob : IJob
    {
        private static readonly HttpClient Client = Signer.NewClient();

        public static string Url { get; set; } = "";

        public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
        {
            var id = context.MergedJobDataMap.GetString("id")!;
            using var request = Signer.Request(Url, id, Signer.Body(id));
            using var response = await Client.SendAsync(request, cancellationToken);
            response.EnsureSuccessStatusCode();
        }
    }
}
