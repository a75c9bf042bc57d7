using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;
using WebhookConsole.Engine.Audit;

namespace WebhookConsole.Audit;

/// <summary>
/// Makes the circuit's signed-in operator the audit actor of everything a browser event starts: each inbound activity (a click, a form submit, a JS interop answer) runs with it current, so
/// the engine's services record who changed what without the pages passing it along. Without a signed-in operator
/// (the portal) the actor is anonymous with the address; the portal names its link around each command.
/// </summary>
internal sealed class AuditCircuitHandler(AuthenticationStateProvider authentication, AuditActors actors,
    IHttpContextAccessor httpContexts) : CircuitHandler
{
    // The address of the connection that opened the circuit (after the trusted proxies' forwarded headers).
    private string? _address;

    public override Task OnConnectionUpAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        _address = ConsoleActors.AddressOf(httpContexts.HttpContext) ?? _address;
        return Task.CompletedTask;
    }

    public override Func<CircuitInboundActivityContext, Task> CreateInboundActivityHandler(Func<CircuitInboundActivityContext, Task> next) =>
        async context =>
        {
            _address ??= ConsoleActors.AddressOf(httpContexts.HttpContext);
            var actor = ConsoleActors.Of((await authentication.GetAuthenticationStateAsync()).User, _address);
            using (actors.Use(actor))
            {
                await next(context);
            }
        };
}
