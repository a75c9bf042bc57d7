using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WebhookConsole.Engine.Catalog;
using WebhookConsole.Engine.Configuration;
using WebhookConsole.Engine.Diagnostics;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Notifications;
using WebhookConsole.Engine.Persistence;
using WebhookConsole.Engine.Security;
using WebhookConsole.Engine.Signing;

namespace WebhookConsole.Engine.Delivery;

/// <summary>Runs a synchronous hook (SlashID's webhooks guide and trigger API) while the identity system's flow waits for the answer.</summary>
public interface ISyncHookInvoker
{
    Task<SyncHookResult> InvokeAsync(Guid organizationId, string? hookName, string? contentJson, CancellationToken cancellationToken = default);
}

/// <summary>How a sync hook call ended.</summary>
public enum SyncHookOutcome
{
    Succeeded,

    /// <summary>The hook name or content was not acceptable; nothing was called or stored.</summary>
    Invalid,

    /// <summary>A webhook failed after its attempts, or two webhooks answered the same key differently: the flow must fail.</summary>
    Failed,
}

/// <summary>The merged answer of every subscribed webhook, or why there is none.</summary>
public sealed record SyncHookResult(Guid InvocationId, SyncHookOutcome Outcome, JsonObject? Result, IReadOnlyList<FieldError> Errors, IReadOnlyList<SyncHookCall> Calls);

/// <summary>One webhook's part in a sync hook call.</summary>
public sealed record SyncHookCall(Guid WebhookId, string WebhookName, int Attempts, JsonObject? Answer, string? Error)
{
    public bool Succeeded => Error is null;
}

/// <summary>
/// Calls every active webhook subscribed to the hook in parallel, in the <c>jwt</c> format with the sync timeout
/// (the webhook's own, or 2 s); each is tried at most 3 times, 100 ms apart. The JSON objects they answer are
/// merged; a key answered differently by two webhooks is an error. Every call and attempt is recorded like a
/// delivery, in one write once the answer is known.
/// </summary>
internal sealed class SyncHookInvoker(
    IDbContextFactory<WebhookDbContext> dbs,
    WebhookSender sender,
    SigningKeyService signingKeys,
    SecretProtector protector,
    EngineNotifier notifier,
    IOptionsMonitor<DeliveryOptions> options,
    Privacy.SubjectKeys subjects,
    TimeProvider time) : ISyncHookInvoker
{
    public const int MaxAttempts = 3;
    public static readonly TimeSpan AttemptSpacing = TimeSpan.FromMilliseconds(100);

    private readonly JwtFormat _format = new();

    public async Task<SyncHookResult> InvokeAsync(Guid organizationId, string? hookName, string? contentJson, CancellationToken cancellationToken = default)
    {
        if (!EventCatalog.IsSyncHook(hookName))
        {
            return Invalid(new("hook_name", $"'{hookName}' is not a sync hook (one of {string.Join(", ", EventCatalog.SyncHooks)})."));
        }

        string content;
        try
        {
            using var document = JsonDocument.Parse(string.IsNullOrWhiteSpace(contentJson) ? "{}" : contentJson);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return Invalid(new("body", "The hook's trigger content must be a JSON object."));
            }

            content = document.RootElement.GetRawText();
        }
        catch (JsonException)
        {
            return Invalid(new("body", "The hook's trigger content must be valid JSON."));
        }

        var now = time.GetUtcNow();
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        var organization = await db.Organizations.AsNoTracking().SingleOrDefaultAsync(o => o.Id == organizationId, cancellationToken);
        if (organization is null || organization.IsDisabled)
        {
            return Invalid(new("organization_id", organization is null ? "No organization has this id." : EventPublisher.DisabledOrganization));
        }

        var webhooks = await db.Webhooks.AsNoTracking()
            .Where(w => w.OrganizationId == organizationId && w.Status == WebhookStatus.Active
                && w.Subscriptions.Any(s => s.TriggerType == TriggerType.SyncHook && s.TriggerName == hookName))
            .OrderBy(w => w.CreatedAt).ToListAsync(cancellationToken);
        var invocation = new WebhookEvent
        {
            Id = TimeOrderedId.New(now),
            OrganizationId = organizationId,
            TriggerType = TriggerType.SyncHook,
            Name = hookName!,
            Payload = content,
            ReceivedAt = now,
        };

        var key = webhooks.Count == 0 ? null : await signingKeys.GetCurrentAsync(organizationId, cancellationToken);
        var deliveries = webhooks.Select(w => new Domain.Delivery
        {
            Id = TimeOrderedId.New(now),
            EventId = invocation.Id,
            EventName = invocation.Name,
            Event = invocation,
            WebhookId = w.Id,
            OrganizationId = organizationId,
            Status = DeliveryStatus.InFlight,
            CreatedAt = now,
            NextAttemptAt = now,
        }).ToList();
        var calls = await Task.WhenAll(deliveries.Select((d, i) => CallAsync(d, webhooks[i], organization, key!, cancellationToken)));

        var (merged, mergeError) = Merge(calls);
        var failures = calls.Where(c => !c.Succeeded).Select(c => new FieldError("webhook", $"Webhook '{c.WebhookName}' ({c.WebhookId}) failed after {c.Attempts} attempts: {c.Error}")).ToList();
        if (mergeError is not null)
        {
            failures.Add(mergeError);
        }

        invocation.SyncResult = failures.Count == 0 ? merged!.ToJsonString() : string.Join(" ", failures.Select(f => f.Message));
        db.Events.Add(invocation);
        db.EventSubjects.AddRange(subjects.Extract(content).Select(hash => new EventSubject { OrganizationId = organizationId, SubjectHash = hash, EventId = invocation.Id }));
        db.Deliveries.AddRange(deliveries);
        await db.SaveChangesAsync(CancellationToken.None);
        foreach (var delivery in deliveries)
        {
            notifier.Publish(new EngineChange(EngineChangeKind.DeliveryRecorded, organizationId, delivery.WebhookId, delivery.Id));
        }

        return failures.Count == 0
            ? new SyncHookResult(invocation.Id, SyncHookOutcome.Succeeded, merged, [], calls)
            : new SyncHookResult(invocation.Id, SyncHookOutcome.Failed, null, failures, calls);
    }

    private async Task<SyncHookCall> CallAsync(Domain.Delivery delivery, Webhook webhook, Organization organization, EcSigningKey key, CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        var headers = protector.UnprotectHeaders(webhook.ProtectedCustomHeaders);
        var timeout = webhook.Timeout > TimeSpan.Zero ? webhook.Timeout : settings.DefaultSyncHookTimeout;
        string? error = null;
        JsonObject? answer = null;
        for (var number = 1; number <= MaxAttempts; number++)
        {
            var context = new DeliveryContext(delivery.Id, delivery.Event!, webhook, organization, null, settings.PublicBaseUrl.TrimEnd('/'), time.GetUtcNow(), null, key);
            var request = _format.Build(context);
            var outcome = await sender.SendAsync(DeliveryTrace.Of(context), webhook.TargetUrl, request, headers, timeout, cancellationToken);
            (answer, error) = outcome.Succeeded ? ParseAnswer(outcome.ResponseBody) : (null, outcome.ErrorMessage);
            var attempt = AttemptLog.ToAttempt(delivery, webhook, request, headers, outcome);
            if (outcome.Succeeded && error is not null)
            {
                attempt.Error = AttemptError.NonSuccessStatus;
                attempt.ErrorMessage = error;
            }

            delivery.Attempts.Add(attempt);
            delivery.AttemptCount = number;
            delivery.FirstAttemptAt ??= outcome.StartedAt;
            delivery.LastResponseStatus = outcome.ResponseStatus;
            if (error is null || number == MaxAttempts)
            {
                break;
            }

            await Task.Delay(AttemptSpacing, time, cancellationToken);
        }

        delivery.Status = error is null ? DeliveryStatus.Succeeded : DeliveryStatus.Failed;
        delivery.LastError = error;
        delivery.CompletedAt = time.GetUtcNow();
        return new SyncHookCall(webhook.Id, webhook.Name, delivery.AttemptCount, answer, error);
    }

    // SlashID's webhooks guide: a sync hook may answer a JSON body that affects the flow; an empty body means "nothing to add".
    private static (JsonObject? Answer, string? Error) ParseAnswer(string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return (new JsonObject(), null);
        }

        try
        {
            return JsonNode.Parse(body) is JsonObject answer
                ? (answer, null)
                : (null, "The receiver answered 2xx, but its body is not a JSON object.");
        }
        catch (JsonException)
        {
            return (null, "The receiver answered 2xx, but its body is not valid JSON (or is longer than the response limit).");
        }
    }

    private static (JsonObject? Merged, FieldError? Error) Merge(IEnumerable<SyncHookCall> calls)
    {
        var merged = new JsonObject();
        var sources = new Dictionary<string, string>();
        foreach (var call in calls.Where(c => c.Succeeded))
        {
            foreach (var (name, value) in call.Answer!)
            {
                if (merged.TryGetPropertyValue(name, out var existing))
                {
                    if (!JsonNode.DeepEquals(existing, value))
                    {
                        return (null, new FieldError("result", $"Webhooks '{sources[name]}' and '{call.WebhookName}' answered different values for '{name}'."));
                    }

                    continue;
                }

                merged[name] = value?.DeepClone();
                sources[name] = call.WebhookName;
            }
        }

        return (merged, null);
    }

    private static SyncHookResult Invalid(FieldError error) => new(Guid.Empty, SyncHookOutcome.Invalid, null, [error], []);
}
