using System.Diagnostics;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using WebhookConsole.Tests.Shared;

namespace WebhookConsole.Tests.Deployment;

/// <summary>
/// Debian's nginx (<c>/usr/sbin/nginx</c>; ./test.sh installs it when missing) running <c>deploy/nginx/webhookconsole.conf</c>
/// on loopback in front of the given nodes, with a self-signed certificate made by the guide's openssl command. It is
/// this test's own nginx: its own prefix, configuration, logs and temporary files in one folder, in the
/// foreground, stopped by killing its process; no system service is used.
/// </summary>
internal sealed class NginxProxy : IAsyncDisposable
{
    public const string NginxPath = "/usr/sbin/nginx";

    private readonly Process _process;

    private NginxProxy(Process process, Uri address, string accessLog, X509Certificate2 certificate)
    {
        _process = process;
        Address = address;
        AccessLog = accessLog;
        Certificate = certificate;
    }

    /// <summary>The site's HTTPS address, e.g. <c>https://127.0.0.1:41234/</c>.</summary>
    public Uri Address { get; }

    /// <summary>The site's access log: one line per request, with the node that answered (<c>upstream=</c>).</summary>
    public string AccessLog { get; }

    public X509Certificate2 Certificate { get; }

    /// <summary>Writes the site for <paramref name="nodes"/> and starts nginx on <paramref name="httpsPort"/>; returns once it accepts connections.</summary>
    public static async Task<NginxProxy> StartAsync(string directory, int httpsPort, IReadOnlyList<Uri> nodes)
    {
        if (!File.Exists(NginxPath))
        {
            throw new InvalidOperationException($"{NginxPath} was not found; ./test.sh installs it with apt-get install nginx.");
        }

        Directory.CreateDirectory(directory);
        var certificate = Path.Combine(directory, "fullchain.pem");
        var key = Path.Combine(directory, "privkey.pem");
        // docs/deployment.md's command for a certificate to try the setup with, for this host's name and address.
        await Commands.RunAsync("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "30", "-subj", "/CN=localhost",
            "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-keyout", key, "-out", certificate);

        var accessLog = Path.Combine(directory, "access.log");
        var site = DeployFiles.Edit(DeployFiles.Read(DeployFiles.NginxSite),
            ("server 10.0.0.11:5080", $"server 127.0.0.1:{nodes[0].Port}"),
            ("server 10.0.0.12:5080", $"server 127.0.0.1:{nodes[1].Port}"),
            ("listen 80;", $"listen 127.0.0.1:{AppProcess.FreePort()};"),
            ("listen 443 ssl;", $"listen 127.0.0.1:{httpsPort} ssl;"),
            ("/etc/ssl/webhookconsole/fullchain.pem", certificate),
            ("/etc/ssl/webhookconsole/privkey.pem", key),
            ("/var/log/nginx/webhookconsole.access.log", accessLog));
        await File.WriteAllTextAsync(Path.Combine(directory, "webhookconsole.conf"), site);
        // What Debian's /etc/nginx/nginx.conf provides around a site, with every path in this folder.
        await File.WriteAllTextAsync(Path.Combine(directory, "nginx.conf"), $$"""
            daemon off;
            worker_processes 1;
            pid {{directory}}/nginx.pid;
            error_log {{directory}}/error.log warn;
            events { worker_connections 512; }
            http {
                access_log off;
                client_body_temp_path {{directory}}/client_body;
                proxy_temp_path {{directory}}/proxy;
                fastcgi_temp_path {{directory}}/fastcgi;
                uwsgi_temp_path {{directory}}/uwsgi;
                scgi_temp_path {{directory}}/scgi;
                include {{directory}}/webhookconsole.conf;
            }
            """);

        var start = new ProcessStartInfo(NginxPath) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "-p", directory, "-c", Path.Combine(directory, "nginx.conf"), "-e", Path.Combine(directory, "error.log") })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var proxy = new NginxProxy(process, new Uri($"https://127.0.0.1:{httpsPort}/"), accessLog, X509CertificateLoader.LoadCertificateFromFile(certificate));
        await proxy.WaitUntilListeningAsync(directory, httpsPort);
        return proxy;
    }

    /// <summary>An HTTP client for the site that trusts exactly its self-signed certificate and, like API clients, keeps no cookie.</summary>
    public HttpClient CreateClient()
    {
        var handler = new SocketsHttpHandler
        {
            UseCookies = false,
            SslOptions = { RemoteCertificateValidationCallback = (_, presented, _, _) => presented is not null && presented.GetCertHashString() == Certificate.GetCertHashString() },
        };
        return new HttpClient(handler) { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(30) };
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        Certificate.Dispose();
    }

    private async Task WaitUntilListeningAsync(string directory, int port)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(30))
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"nginx exited with code {_process.ExitCode}: {await File.ReadAllTextAsync(Path.Combine(directory, "error.log"))}");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }

        throw new TimeoutException("nginx did not listen within 30 seconds.");
    }
}
