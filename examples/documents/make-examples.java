///usr/bin/env jbang "$0" "$@" ; exit $?
//DESCRIPTION make-examples: regenerate the example corpus in examples/documents (invented company, harmless content)
//JAVA 17+
//SOURCES ../../lib/extract.java
//SOURCES ../../lib/src/test/java/ftkit/extract/DocumentFixtures.java

import ftkit.extract.DocumentFixtures.Slide;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static ftkit.extract.DocumentFixtures.*;

/** Writes the example documents of Brightleaf Lamps (an invented maker of desk lamps) into the given folder. */
class make_examples {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "examples/documents");
        Files.createDirectories(dir);

        pdf(dir.resolve("product-faq.pdf"), List.of(
                List.of("Brightleaf Lamps - Product FAQ (Lumo desk lamp)", "",
                        "This FAQ answers the questions our support team hears most often.", "",
                        "Q: How bright is the Lumo desk lamp?",
                        "A: The Lumo reaches 800 lumens at full power and dims down to 5 lumens.", "",
                        "Q: Which bulbs does it use?",
                        "A: None. The LEDs are built in and rated for 50,000 hours.", "",
                        "Q: Can I set a colour temperature?",
                        "A: Yes, from warm 2700 K to daylight 6500 K with the slider on the base."),
                List.of("Warranty and returns", "",
                        "Question: How long is the warranty?",
                        "Answer: Three years for the lamp and one year for the power adapter.", "",
                        "Question: Can I return a lamp I have used?",
                        "Answer: Yes, within 30 days, as long as it is undamaged and in its box.", "",
                        "Brightleaf Lamps, 12 Harbour Lane, Porto. Prices include VAT.")));

        docx(dir.resolve("product-faq.docx"), List.of(
                h(1, "Lumo Desk Lamp - Frequently Asked Questions"),
                p("Last updated in March. For setup videos see our website."),
                h(2, "Does the Lumo work with smart home apps?"),
                p("Yes. The Lumo works with the Brightleaf app and any Matter-compatible hub."),
                p("Voice assistants can switch it on and off and change its brightness."),
                h(2, "How do I clean the lamp?"),
                p("Unplug it and wipe it with a dry microfibre cloth. Do not use solvents."),
                h(2, "Spare parts"),
                p("Spare parts are sold through our shop while the model is in production."),
                table(List.of(List.of("Question", "Answer"),
                        List.of("Can I buy a longer cable?", "Yes, a 3 m cable is available as a spare part."),
                        List.of("Is the arm replaceable?", "Yes, the arm clips off and can be replaced at home.")))));

        Files.writeString(dir.resolve("support-chat.txt"), String.join("\n",
                "Brightleaf Lamps live chat - transcript #48213",
                "Channel: website chat",
                "",
                "Agent: Hello, you are chatting with Brightleaf support. How can I help?",
                "Customer: Hi, my Lumo lamp flickers when it is dimmed below 20 percent.",
                "Agent: Thanks for telling us. Which firmware version does the app show?",
                "Customer: It says 2.1.4.",
                "Agent: Version 2.1.6 fixes flicker at low brightness. Open the app, tap the lamp, then Update.",
                "Customer: Done, the flicker is gone. Thank you!",
                "Agent: Glad to hear it. Have a bright day!",
                "",
                "Chat closed by the agent. Satisfaction rating: 5 of 5.",
                ""));

        Files.writeString(dir.resolve("founder-interview.txt"), String.join("\n",
                "Interview with the founder, recorded for the Brightleaf newsletter.",
                "",
                "Sofia Marques: Why did you start a lamp company?",
                "Rui Almeida: I could not find a desk lamp that was bright, quiet and repairable.",
                "Sofia Marques: What makes the Lumo repairable?",
                "Rui Almeida: Every part is held by screws or clips, and we sell every part separately.",
                "Sofia Marques: What comes next?",
                "Rui Almeida: A floor lamp with the same modular design, next spring.",
                "",
                "The interview was shortened for length.",
                ""));

        xlsx(dir.resolve("qa-sheet.xlsx"), sheets(
                Map.entry("Support FAQ", rows(
                        List.of("Topic", "Question", "Answer"),
                        List.of("Shipping", "How long does delivery take?", "Two to four working days within the EU."),
                        List.of("Shipping", "Do you ship outside the EU?", "Yes, to the UK, Switzerland and Norway."),
                        List.of("Payment", "Which payment methods do you accept?", "Cards, PayPal and bank transfer."),
                        List.of("Payment", "Can I pay in instalments?", "Yes, in three instalments for orders over 100 EUR."))),
                Map.entry("Price list", rows(
                        List.of("Product", "Price EUR"),
                        List.of("Lumo desk lamp", "129"),
                        List.of("Spare cable 3 m", "12")))));

        pptx(dir.resolve("onboarding-deck.pptx"), List.of(
                new Slide("Welcome to Brightleaf support", "Your first week: tools, tone and the top questions."),
                new Slide("Top question of the week", "Q: Why does my lamp turn off by itself?\nA: The auto-off timer is on. Switch it off in the app under Settings."),
                new Slide(List.of("Quick answers"), List.of(
                        List.of("Question", "Answer"),
                        List.of("Where is the serial number?", "Under the base, next to the CE mark."),
                        List.of("Can the lamp be wall mounted?", "Yes, with the wall bracket sold separately.")))));

        Files.writeString(dir.resolve("faq.md"), String.join("\n",
                "# Brightleaf Lamps FAQ",
                "",
                "Answers to common questions about orders and our lamps.",
                "",
                "## Is the Lumo safe to leave on overnight?",
                "",
                "Yes. The Lumo runs cool and has thermal protection that dims it if it gets too warm.",
                "",
                "## Orders",
                "",
                "**Question:** Can I change my order after paying?",
                "**Answer:** Yes, until it ships. Write to orders@brightleaf.example with your order number.",
                "",
                "**Question:** Do you offer gift wrapping?",
                "**Answer:** Yes, for 4 EUR per lamp, chosen at checkout.",
                ""));

        Files.writeString(dir.resolve("chat-export.jsonl"), String.join("\n",
                "{\"messages\":[{\"role\":\"user\",\"content\":\"Which lamp is best for reading in bed?\"},{\"role\":\"assistant\",\"content\":\"The Lumo Mini: it is small, warm-toned and clips to a headboard.\"}]}",
                "{\"messages\":[{\"role\":\"user\",\"content\":\"Does the Lumo flicker on camera?\"},{\"role\":\"assistant\",\"content\":\"No. It uses flicker-free drivers, so it is safe for video calls.\"}]}",
                ""));
        System.err.println("make-examples: wrote the example corpus to " + dir);
    }
}
