using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace WebhookConsole.Tests.Shared;

/// <summary>
/// A real HTTP receiver on loopback, standing in for an operator's customer. It answers WebSub
/// verification GETs by echoing <c>hub.challenge</c> (or as told), records every POST, and checks
/// <c>x-hub-signature</c> with its own HMAC code, independent of the engine's signer.
/// </summary>
public sealed class TestReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Channel<ReceivedRequest> _posts = Channel.CreateUnbounded<ReceivedRequest>();
    private readonly Channel<ReceivedRequest> _verifications = Channel.CreateUnbounded<ReceivedRequest>();
    private int _concurrentPosts;
    private int _maxConcurrentPosts;

    private TestReceiver(WebApplication app) => _app = app;

    /// <summary>The secret the receiver verifies <c>x-hub-signature</c> with.</summary>
    public string? Secret { get; set; }

    /// <summary>Status codes for the next POSTs, in order; 200 once they run out.</summary>
    public ConcurrentQueue<int> PostStatuses { get; } = new();

    /// <summary>What the receiver does after reading a POST instead of answering normally.</summary>
    public ReceiverMisbehaviour Misbehaviour { get; set; }

    /// <summary>The body of a 200 answer to a POST (a sync hook's answer).</summary>
    public string PostResponseBody { get; set; } = "received";

    /// <summary>How long the receiver takes before answering a POST (a slow receiver).</summary>
    public TimeSpan PostDelay { get; set; }

    /// <summary>A <c>Retry-After</c> value (seconds) sent with 429 and 503 answers.</summary>
    public int? RetryAfterSeconds { get; set; }

    /// <summary>How to answer verification GETs: echo the challenge (default), or a fixed status and body.</summary>
    public Func<string, (int Status, string Body)> AnswerVerification { get; set; } = challenge => (200, challenge);

    public string Url { get; private set; } = "";

    /// <summary>Awaited before each POST is answered (after it was recorded): a test holds requests open with it.</summary>
    public Func<Task>? HoldPosts { get; set; }

    /// <summary>The most POSTs this receiver had open at once.</summary>
    public int MaxConcurrentPosts => Volatile.Read(ref _maxConcurrentPosts);

    /// <summary>POSTs open now.</summary>
    public int ConcurrentPosts => Volatile.Read(ref _concurrentPosts);

    /// <summary>When each POST arrived (<see cref="System.Diagnostics.Stopwatch"/> timestamps), in arrival order.</summary>
    public ConcurrentQueue<long> PostArrivals { get; } = new();

    /// <summary>When each POST arrived, in seconds after <paramref name="start"/> (a <see cref="System.Diagnostics.Stopwatch"/> timestamp).</summary>
    public List<double> SecondsFrom(long start) =>
        [.. PostArrivals.Select(t => (double)(t - start) / System.Diagnostics.Stopwatch.Frequency)];

    public ConcurrentBag<ReceivedRequest> AllPosts { get; } = [];

    /// <summary>Every POST in the order it arrived.</summary>
    public ConcurrentQueue<ReceivedRequest> PostsInOrder { get; } = new();

    /// <param name="tls">Serve HTTPS with a self-signed certificate no client trusts (a TLS failure to provoke).</param>
    public static async Task<TestReceiver> StartAsync(bool tls = false)
    {
        var builder = WebApplication.CreateSlimBuilder();
        if (tls)
        {
            using var key = System.Security.Cryptography.ECDsa.Create();
            var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=untrusted.test", key, System.Security.Cryptography.HashAlgorithmName.SHA256);
            var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
            builder.WebHost.ConfigureKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0, listen => listen.UseHttps(certificate)));
        }
        else
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");
        }

        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new TestReceiver(app);
        app.MapGet("/hook", receiver.VerifyAsync);
        app.MapPost("/hook", receiver.ReceiveAsync);
        // More endpoints on the same receiver, for several webhooks (target URLs are unique per organization).
        app.MapGet("/hook/{name}", receiver.VerifyAsync);
        app.MapPost("/hook/{name}", receiver.ReceiveAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.Url = address.TrimEnd('/') + "/hook";
        return receiver;
    }

    /// <summary>Waits for the next POST; fails the test after <paramref name="timeout"/> (a bound, not a sleep).</summary>
    public async Task<ReceivedRequest> NextPostAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        return await _posts.Reader.ReadAsync(cts.Token);
    }

    public async Task<ReceivedRequest> NextVerificationAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        return await _verifications.Reader.ReadAsync(cts.Token);
    }

    /// <summary>Takes a POST already received, without waiting.</summary>
    public bool TryTakePost(out ReceivedRequest? request) => _posts.Reader.TryRead(out request);

    public bool TryTakeVerification(out ReceivedRequest? request) => _verifications.Reader.TryRead(out request);

    /// <summary>
    /// Waits until POSTs with every key of <paramref name="expected"/> have arrived; fails after <paramref name="timeout"/>
    /// (a bound, not a sleep). Returns every POST taken while waiting.
    /// </summary>
    public async Task<List<ReceivedRequest>> NextDistinctPostsAsync(Func<ReceivedRequest, string> key, IReadOnlySet<string> expected, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        var seen = new HashSet<string>();
        var posts = new List<ReceivedRequest>();
        while (!expected.IsSubsetOf(seen))
        {
            var post = await _posts.Reader.ReadAsync(cts.Token);
            posts.Add(post);
            seen.Add(key(post));
        }

        return posts;
    }

    private async Task VerifyAsync(HttpContext context)
    {
        var request = await ReceivedRequest.ReadAsync(context.Request, signatureValid: null);
        var (status, body) = AnswerVerification(context.Request.Query["hub.challenge"].ToString());
        _verifications.Writer.TryWrite(request);
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain";
        await context.Response.WriteAsync(body);
    }

    private async Task ReceiveAsync(HttpContext context)
    {
        PostArrivals.Enqueue(System.Diagnostics.Stopwatch.GetTimestamp());
        var open = Interlocked.Increment(ref _concurrentPosts);
        for (var max = MaxConcurrentPosts; open > max && Interlocked.CompareExchange(ref _maxConcurrentPosts, open, max) != max; max = MaxConcurrentPosts)
        {
        }

        try
        {
            await AnswerPostAsync(context);
        }
        finally
        {
            Interlocked.Decrement(ref _concurrentPosts);
        }
    }

    private async Task AnswerPostAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer);
        var body = buffer.ToArray();
        bool? valid = Secret is null ? null : VerifyHubSignature(Secret, body, context.Request.Headers["x-hub-signature"].ToString());
        var request = ReceivedRequest.From(context.Request, body, valid);
        AllPosts.Add(request);
        PostsInOrder.Enqueue(request);
        _posts.Writer.TryWrite(request);
        if (HoldPosts is { } hold)
        {
            await hold();
        }
        if (PostDelay > TimeSpan.Zero)
        {
            // The receiver being slow is the behaviour under test here, not a stand-in for synchronization.
            try
            {
                await Task.Delay(PostDelay, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        switch (Misbehaviour)
        {
            case ReceiverMisbehaviour.ResetMidResponse:
                // Promise a body, send part of it, then drop the connection.
                context.Response.ContentLength = 1000;
                await context.Response.WriteAsync("partial");
                await context.Response.Body.FlushAsync();
                context.Abort();
                return;
            case ReceiverMisbehaviour.HugeBody:
                context.Response.ContentType = "text/plain";
                var chunk = new byte[64 * 1024];
                Array.Fill(chunk, (byte)'x');
                try
                {
                    for (var i = 0; i < 1024 && !context.RequestAborted.IsCancellationRequested; i++)
                    {
                        await context.Response.Body.WriteAsync(chunk, context.RequestAborted);
                    }
                }
                catch (OperationCanceledException)
                {
                    // The client stopped reading, as it should.
                }

                return;
        }

        context.Response.StatusCode = PostStatuses.TryDequeue(out var status) ? status : 200;
        if (status is 429 or 503 && RetryAfterSeconds is { } retryAfter)
        {
            context.Response.Headers.RetryAfter = retryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        await context.Response.WriteAsync(status is 0 or 200 ? PostResponseBody : "not now");
    }

    // The receiver's own check, written as a customer would: HMAC over the raw bytes, constant-time compare.
    private static bool VerifyHubSignature(string secret, byte[] body, string header)
    {
        if (!header.StartsWith("sha256=", StringComparison.Ordinal))
        {
            return false;
        }

        using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(secret));
        var expected = hmac.ComputeHash(body);
        byte[] given;
        try
        {
            given = Convert.FromHexString(header["sha256=".Length..]);
        }
        catch (FormatException)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(expected, given) && header == header.ToLowerInvariant();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>Ways a receiver can misbehave after reading a request.</summary>
public enum ReceiverMisbehaviour
{
    None,

    /// <summary>Headers and part of the promised body, then the connection is dropped.</summary>
    ResetMidResponse,

    /// <summary>A 200 with a 64 MiB body.</summary>
    HugeBody,
}

/// <summary>One request as the receiver saw it.</summary>
public sealed record ReceivedRequest(string Method, string PathAndQuery, IReadOnlyDictionary<string, string> Headers, IReadOnlyDictionary<string, string> Query, byte[] Body, bool? SignatureValid)
{
    public string BodyText => Encoding.UTF8.GetString(Body);

    public static async Task<ReceivedRequest> ReadAsync(HttpRequest request, bool? signatureValid)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer);
        return From(request, buffer.ToArray(), signatureValid);
    }

    public static ReceivedRequest From(HttpRequest request, byte[] body, bool? signatureValid) => new(
        request.Method,
        request.Path + request.QueryString,
        request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
        request.Query.ToDictionary(q => q.Key, q => q.Value.ToString()),
        body,
        signatureValid);
}
