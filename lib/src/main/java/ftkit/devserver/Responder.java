package ftkit.devserver;

/** Produces the text of the assistant's reply to a chat request; must be thread-safe. */
@FunctionalInterface
public interface Responder {

    String reply(ChatCall call);
}
