using System.ComponentModel.DataAnnotations;

namespace Ecommerce.Simulators.Email;

/// <summary>The simulated e-mail service: keeps each distinct message once, by its id.</summary>
public sealed class Mailbox
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, EmailMessage> _messages = [];
    private readonly List<EmailMessage> _inOrder = [];

    public void Deliver(EmailMessage message)
    {
        lock (_lock)
        {
            if (_messages.TryAdd(message.Id, message))
            {
                _inOrder.Add(message);
            }
        }
    }

    public IReadOnlyList<EmailMessage> Messages()
    {
        lock (_lock)
        {
            return [.. _inOrder];
        }
    }
}

/// <summary><c>POST /email/messages</c>: one message; a repeated id is accepted and ignored.</summary>
public sealed record EmailMessage(
    [property: Required, StringLength(200)] string Id,
    [property: Required, StringLength(254)] string To,
    [property: Required, StringLength(200)] string Subject,
    [property: StringLength(20_000)] string? Body,
    [property: StringLength(100)] string? OrderId);
