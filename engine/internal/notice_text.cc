#include "engine/internal/notice_text.h"

#include <array>

namespace sportello::engine::notice_text {

namespace {

constexpr std::array<Phrases, kLanguages.size()> kPhrases = {{
    {.greeting = "Gentile richiedente,",
     .desk = "Sportello",
     .address = "Indirizzo",
     .phone = "Telefono",
     .email = "E-mail",
     .hours = "Orari dello sportello",
     .when = "Data e ora",
     .type = "Appuntamento",
     .application = "Pratica",
     .code = "Codice di prenotazione",
     .previous = "Orario precedente",
     .documents = "Documenti da portare",
     .hours_clause = " (fino a {hours} ore prima dell'inizio)",
     .manage_with_token = "Per vedere, spostare o annullare l'appuntamento{hours_clause}: {link}",
     .manage_without_token = "Per vedere, spostare o annullare l'appuntamento{hours_clause} apra {link} e inserisca "
                             "il codice di accesso ricevuto con la prima conferma.",
     .keep_private = "Il collegamento contiene il Suo codice di accesso personale: non lo condivida.",
     .book_again = "Per prenotare un nuovo appuntamento: {link}",
     .rate_visit = "Per dare il Suo voto apra {link} e inserisca il codice di accesso ricevuto con la prima "
                   "conferma (se non lo ha più, la pagina spiega come riceverne uno nuovo).",
     .offer_held = "Il posto è riservato solo a Lei fino a {expires}. Dopo passa alla persona successiva in lista.",
     .offer_moves = "Se accetta, il Suo appuntamento attuale di {previous} viene spostato su questo posto.",
     .accept_offer = "Per prendere il posto apra il collegamento e prema «Accetta»: {link}",
     .confirm_by = "L'ultimo giorno per confermare è {until}.",
     .confirm_with_token = "Per confermare apra il collegamento e prema «Conferma»: {link}",
     .confirm_without_token = "Per confermare apra {link}, inserisca il codice di accesso ricevuto con la prima "
                              "conferma e prema «Conferma».",
     .draw_place = "Le richieste erano più dei posti disponibili e la Sua è risultata al posto {place} su {size} "
                   "nell'ordine pubblico del sorteggio.",
     .see_draw = "Per vedere l'esito del sorteggio: {link}",
     .ticket = "Richiesta",
     .read_answer = "Per leggere la risposta apra {link} e inserisca il numero di pratica e il codice fiscale.",
     .see_status = "Per vedere lo stato e la storia della pratica apra {link} e inserisca il numero di pratica e "
                   "il codice fiscale.",
     .automatic = "Messaggio automatico: si prega di non rispondere."},
    {.greeting = "Dear applicant,",
     .desk = "Desk",
     .address = "Address",
     .phone = "Phone",
     .email = "E-mail",
     .hours = "Opening hours",
     .when = "Date and time",
     .type = "Appointment",
     .application = "Application",
     .code = "Booking code",
     .previous = "Previous time",
     .documents = "Documents to bring",
     .hours_clause = " (up to {hours} hours before it starts)",
     .manage_with_token = "To see, move or cancel the appointment{hours_clause}: {link}",
     .manage_without_token = "To see, move or cancel the appointment{hours_clause}, open {link} and enter the access "
                             "token from your first confirmation.",
     .keep_private = "The link contains your personal access token: do not share it.",
     .book_again = "To book a new appointment: {link}",
     .rate_visit = "To rate it, open {link} and enter the access token from your first confirmation (if you no "
                   "longer have it, the page explains how to get a new one).",
     .offer_held = "It is held for you alone until {expires}. After that, it goes to the next person in line.",
     .offer_moves = "If you accept, your current appointment of {previous} moves to this seat.",
     .accept_offer = "To take the seat, open the link and press Accept: {link}",
     .confirm_by = "The last day to confirm is {until}.",
     .confirm_with_token = "To confirm, open the link and press Confirm: {link}",
     .confirm_without_token = "To confirm, open {link}, enter the access token from your first confirmation and "
                              "press Confirm.",
     .draw_place = "There were more requests than seats, and yours came at place {place} of {size} in the public "
                   "draw order.",
     .see_draw = "To see the result of the draw: {link}",
     .ticket = "Question",
     .read_answer = "To read the answer, open {link} and enter your application number and tax code.",
     .see_status = "To see the status and history of your application, open {link} and enter your application "
                   "number and tax code.",
     .automatic = "Automatic message: please do not reply."},
    {.greeting = "Madame, Monsieur,",
     .desk = "Guichet",
     .address = "Adresse",
     .phone = "Téléphone",
     .email = "E-mail",
     .hours = "Horaires d'ouverture",
     .when = "Date et heure",
     .type = "Rendez-vous",
     .application = "Dossier",
     .code = "Code de réservation",
     .previous = "Horaire précédent",
     .documents = "Documents à apporter",
     .hours_clause = " (jusqu'à {hours} heures avant le début)",
     .manage_with_token = "Pour consulter, déplacer ou annuler le rendez-vous{hours_clause} : {link}",
     .manage_without_token = "Pour consulter, déplacer ou annuler le rendez-vous{hours_clause}, ouvrez {link} et "
                             "saisissez le code d'accès reçu avec la première confirmation.",
     .keep_private = "Le lien contient votre code d'accès personnel : ne le partagez pas.",
     .book_again = "Pour prendre un nouveau rendez-vous : {link}",
     .rate_visit = "Pour la noter, ouvrez {link} et saisissez le code d'accès reçu avec la première confirmation "
                   "(si vous ne l'avez plus, la page explique comment en recevoir un nouveau).",
     .offer_held = "Elle est réservée pour vous seul(e) jusqu'au {expires}. Ensuite, elle passe à la personne "
                   "suivante.",
     .offer_moves = "Si vous acceptez, votre rendez-vous actuel du {previous} est déplacé sur cette place.",
     .accept_offer = "Pour prendre la place, ouvrez le lien et appuyez sur « Accepter » : {link}",
     .confirm_by = "Le dernier jour pour confirmer est le {until}.",
     .confirm_with_token = "Pour confirmer, ouvrez le lien et appuyez sur « Confirmer » : {link}",
     .confirm_without_token = "Pour confirmer, ouvrez {link}, saisissez le code d'accès reçu avec la première "
                              "confirmation et appuyez sur « Confirmer ».",
     .draw_place = "Il y avait plus de demandes que de places, et la vôtre est arrivée à la place {place} sur {size} "
                   "dans l'ordre public du tirage au sort.",
     .see_draw = "Pour voir le résultat du tirage au sort : {link}",
     .ticket = "Question",
     .read_answer = "Pour lire la réponse, ouvrez {link} et saisissez votre numéro de dossier et votre code fiscal.",
     .see_status = "Pour voir l'état et l'historique de votre dossier, ouvrez {link} et saisissez votre numéro de "
                   "dossier et votre code fiscal.",
     .automatic = "Message automatique : merci de ne pas répondre."},
    {.greeting = "Estimado/a solicitante:",
     .desk = "Ventanilla",
     .address = "Dirección",
     .phone = "Teléfono",
     .email = "Correo electrónico",
     .hours = "Horario de atención",
     .when = "Fecha y hora",
     .type = "Cita",
     .application = "Expediente",
     .code = "Código de reserva",
     .previous = "Horario anterior",
     .documents = "Documentos que debe traer",
     .hours_clause = " (hasta {hours} horas antes del inicio)",
     .manage_with_token = "Para ver, cambiar o anular la cita{hours_clause}: {link}",
     .manage_without_token = "Para ver, cambiar o anular la cita{hours_clause}, abra {link} e introduzca el código de "
                             "acceso recibido con la primera confirmación.",
     .keep_private = "El enlace contiene su código de acceso personal: no lo comparta.",
     .book_again = "Para reservar una nueva cita: {link}",
     .rate_visit = "Para valorarla, abra {link} e introduzca el código de acceso recibido con la primera "
                   "confirmación (si ya no lo tiene, la página explica cómo recibir uno nuevo).",
     .offer_held = "Está reservada solo para usted hasta el {expires}. Después pasa a la siguiente persona.",
     .offer_moves = "Si acepta, su cita actual del {previous} se cambia a esta plaza.",
     .accept_offer = "Para quedarse con la plaza, abra el enlace y pulse «Aceptar»: {link}",
     .confirm_by = "El último día para confirmar es el {until}.",
     .confirm_with_token = "Para confirmar, abra el enlace y pulse «Confirmar»: {link}",
     .confirm_without_token = "Para confirmar, abra {link}, introduzca el código de acceso recibido con la primera "
                              "confirmación y pulse «Confirmar».",
     .draw_place = "Había más solicitudes que plazas, y la suya quedó en el puesto {place} de {size} en el orden "
                   "público del sorteo.",
     .see_draw = "Para ver el resultado del sorteo: {link}",
     .ticket = "Consulta",
     .read_answer = "Para leer la respuesta, abra {link} e introduzca su número de expediente y su código fiscal.",
     .see_status = "Para ver el estado y el historial de su expediente, abra {link} e introduzca su número de "
                   "expediente y su código fiscal.",
     .automatic = "Mensaje automático: por favor, no responda."},
}};

// [language][kind], kinds in NoticeKind order; a kind added to NoticeKind without its texts here
// renders an empty subject (tests/mail/notice_test.cc checks every kind), never a read past the end.
constexpr std::size_t kKindCount = static_cast<std::size_t>(NoticeKind::status_event) + 1;
constexpr std::array<std::array<KindText, kKindCount>, kLanguages.size()> kKinds = {{
    {{
        {"Prenotazione confermata: {date}, ore {time}",
         "La Sua prenotazione presso lo Sportello Unico per l'Immigrazione è confermata.", ""},
        {"Convocazione allo Sportello Unico per l'Immigrazione: {date}, ore {time}",
         "Con la presente Lei è convocato/a presso lo Sportello Unico per l'Immigrazione nel giorno e all'ora indicati "
         "di seguito, per la pratica n. {application}. La presente comunicazione elettronica sostituisce la "
         "convocazione a mezzo raccomandata.",
         "Si presenti con un documento d'identità valido e con i documenti elencati. In caso di impedimento sposti o "
         "annulli l'appuntamento con il collegamento riportato sotto, così che il posto possa essere assegnato ad "
         "altri."},
        {"Appuntamento spostato: {date}, ore {time}",
         "Il Suo appuntamento è stato spostato. Il nuovo orario è indicato di seguito.", ""},
        {"Appuntamento annullato: {date}, ore {time}",
         "Il Suo appuntamento è stato annullato e il posto è stato liberato.", ""},
        {"Promemoria: appuntamento {date}, ore {time}",
         "Le ricordiamo il Suo appuntamento presso lo Sportello Unico per l'Immigrazione.", ""},
        {"Com'è andata la Sua visita di {date}?",
         "La ringraziamo per la visita allo Sportello Unico per l'Immigrazione per la pratica n. {application}.",
         "Può darci un voto da 1 a 5, con un commento se lo desidera: bastano pochi secondi e ci aiuta a migliorare "
         "il servizio."},
        {"Si è liberato un posto per Lei: {date}, ore {time}",
         "Si è liberato un posto presso lo Sportello Unico per l'Immigrazione per la pratica n. {application}. Lo "
         "offriamo a Lei perché è in lista d'attesa.",
         "Se non fa nulla, il posto passa alla persona successiva e Lei esce dalla lista d'attesa."},
        {"Confermi il Suo appuntamento di {date}",
         "La preghiamo di confermare che verrà al Suo appuntamento presso lo Sportello Unico per l'Immigrazione.",
         "Se non conferma in tempo, l'appuntamento viene annullato e il posto passa a un'altra persona."},
        {"Promemoria: confermi il Suo appuntamento entro {until}",
         "Non abbiamo ancora ricevuto la conferma del Suo appuntamento presso lo Sportello Unico per "
         "l'Immigrazione.",
         "Se non conferma in tempo, l'appuntamento viene annullato e il posto passa a un'altra persona."},
        {"Il Suo appuntamento di {date} è stato annullato per mancata conferma",
         "Il Suo appuntamento non è stato confermato in tempo. Per questo è stato annullato e il posto è passato a "
         "un'altra persona.",
         "Può prenotare un nuovo appuntamento quando vuole. Per domande può contattare lo sportello."},
        {"Esito del sorteggio: {type} per {month}",
         "Il sorteggio dei posti per «{type}» presso {desk} per {month} si è concluso. Alla Sua richiesta non è "
         "toccato un posto.",
         "Può iscriversi alla lista d'attesa, oppure prenotare dalla pagina di prenotazione un posto ancora libero, "
         "in ordine di arrivo."},
        {"Risposta alla Sua richiesta {ticket}",
         "Lo Sportello Unico per l'Immigrazione ha risposto alla Sua richiesta {ticket}.",
         "Per riservatezza la risposta non è riportata in questa e-mail."},
        {"Aggiornamento della Sua pratica {application}",
         "C'è una novità sulla Sua pratica n. {application} presso lo Sportello Unico per "
         "l'Immigrazione:",
         ""},
    }},
    {{
        {"Appointment confirmed: {date} at {time}",
         "Your appointment at the immigration desk (Sportello Unico per l'Immigrazione) is confirmed.", ""},
        {"Convocation to the immigration desk: {date} at {time}",
         "You are hereby convened to the Sportello Unico per l'Immigrazione on the date and at the time below, for "
         "application no. {application}. This electronic notice replaces the convocation by registered mail.",
         "Please come with a valid identity document and the documents listed. If you cannot attend, move or cancel "
         "the appointment with the link below so that the seat can be given to someone else."},
        {"Appointment moved: {date} at {time}", "Your appointment has been moved. The new time is shown below.", ""},
        {"Appointment cancelled: {date} at {time}",
         "Your appointment has been cancelled and the seat has been released.", ""},
        {"Reminder: appointment on {date} at {time}",
         "This is a reminder of your appointment at the immigration desk (Sportello Unico per l'Immigrazione).", ""},
        {"How was your appointment on {date}?",
         "Thank you for your visit to the immigration desk about application no. {application}.",
         "You can rate it from 1 to 5, with a comment if you like: it takes a few seconds and helps us improve the "
         "service."},
        {"A seat has freed up for you: {date} at {time}",
         "A seat has freed up at the immigration desk (Sportello Unico per l'Immigrazione) for application no. "
         "{application}. We are offering it to you because you are on the waiting list.",
         "If you do nothing, the seat goes to the next person and you leave the waiting list."},
        {"Please confirm your appointment on {date}",
         "Please confirm that you will come to your appointment at the immigration desk (Sportello Unico per "
         "l'Immigrazione).",
         "If you do not confirm in time, the appointment is released and the seat goes to someone else."},
        {"Reminder: confirm your appointment by {until}",
         "We have not yet received your confirmation for your appointment at the immigration desk (Sportello Unico "
         "per l'Immigrazione).",
         "If you do not confirm in time, the appointment is released and the seat goes to someone else."},
        {"Your appointment on {date} has been released",
         "Your appointment was not confirmed in time. It has been released, and the seat has gone to someone else.",
         "You can book a new appointment at any time. If you have questions, please contact the desk."},
        {"Result of the draw: {type} for {month}",
         "The draw of seats for \"{type}\" at {desk} for {month} is over. Your request did not get a seat.",
         "You can join the waiting list, or book a seat that is still free, first come first served, from the "
         "booking page."},
        {"Your question {ticket} has an answer",
         "The immigration desk (Sportello Unico per l'Immigrazione) has answered your question {ticket}.",
         "For your privacy, the answer is not in this e-mail."},
        {"News about your application {application}",
         "There is news about your application no. {application} at the immigration desk (Sportello "
         "Unico per l'Immigrazione):",
         ""},
    }},
    {{
        {"Rendez-vous confirmé : {date} à {time}",
         "Votre rendez-vous au guichet unique pour l'immigration (Sportello Unico per l'Immigrazione) est confirmé.",
         ""},
        {"Convocation au guichet unique pour l'immigration : {date} à {time}",
         "Vous êtes convoqué(e) au Sportello Unico per l'Immigrazione à la date et à l'heure indiquées ci-dessous, "
         "pour le dossier n° {application}. Cette notification électronique remplace la convocation par lettre "
         "recommandée.",
         "Présentez-vous muni(e) d'une pièce d'identité valide et des documents indiqués. En cas d'empêchement, "
         "déplacez ou annulez le rendez-vous avec le lien ci-dessous afin que la place puisse être attribuée à une "
         "autre personne."},
        {"Rendez-vous déplacé : {date} à {time}",
         "Votre rendez-vous a été déplacé. Le nouvel horaire est indiqué ci-dessous.", ""},
        {"Rendez-vous annulé : {date} à {time}", "Votre rendez-vous a été annulé et la place a été libérée.", ""},
        {"Rappel : rendez-vous le {date} à {time}",
         "Nous vous rappelons votre rendez-vous au guichet unique pour l'immigration (Sportello Unico per "
         "l'Immigrazione).",
         ""},
        {"Comment s'est passé votre rendez-vous du {date} ?",
         "Merci de votre visite au guichet unique pour l'immigration pour le dossier n° {application}.",
         "Vous pouvez le noter de 1 à 5, avec un commentaire si vous le souhaitez : cela prend quelques secondes et "
         "nous aide à améliorer le service."},
        {"Une place s'est libérée pour vous : {date} à {time}",
         "Une place s'est libérée au guichet unique pour l'immigration (Sportello Unico per l'Immigrazione) pour le "
         "dossier n° {application}. Nous vous la proposons car vous êtes sur la liste d'attente.",
         "Si vous ne faites rien, la place passe à la personne suivante et vous quittez la liste d'attente."},
        {"Merci de confirmer votre rendez-vous du {date}",
         "Merci de confirmer que vous viendrez à votre rendez-vous au guichet unique pour l'immigration (Sportello "
         "Unico per l'Immigrazione).",
         "Sans confirmation à temps, le rendez-vous est libéré et la place est donnée à une autre personne."},
        {"Rappel : confirmez votre rendez-vous au plus tard le {until}",
         "Nous n'avons pas encore reçu la confirmation de votre rendez-vous au guichet unique pour l'immigration "
         "(Sportello Unico per l'Immigrazione).",
         "Sans confirmation à temps, le rendez-vous est libéré et la place est donnée à une autre personne."},
        {"Votre rendez-vous du {date} a été libéré",
         "Votre rendez-vous n'a pas été confirmé à temps. Il a été libéré et la place a été donnée à une autre "
         "personne.",
         "Vous pouvez prendre un nouveau rendez-vous à tout moment. Pour toute question, contactez le guichet."},
        {"Résultat du tirage au sort : {type} pour {month}",
         "Le tirage au sort des places pour « {type} » à {desk} pour {month} est terminé. Votre demande n'a pas "
         "obtenu de place.",
         "Vous pouvez vous inscrire sur la liste d'attente, ou réserver depuis la page de réservation une place encore "
         "libre, par ordre d'arrivée."},
        {"Votre question {ticket} a reçu une réponse",
         "Le guichet unique pour l'immigration (Sportello Unico per l'Immigrazione) a répondu à votre question "
         "{ticket}.",
         "Par confidentialité, la réponse ne figure pas dans cet e-mail."},
        {"Du nouveau sur votre dossier {application}",
         "Il y a du nouveau sur votre dossier n° {application} au guichet unique pour l'immigration "
         "(Sportello Unico per l'Immigrazione) :",
         ""},
    }},
    {{
        {"Cita confirmada: {date} a las {time}",
         "Su cita en la ventanilla única de inmigración (Sportello Unico per l'Immigrazione) está confirmada.", ""},
        {"Citación a la ventanilla única de inmigración: {date} a las {time}",
         "Por la presente se le cita en el Sportello Unico per l'Immigrazione en la fecha y hora indicadas a "
         "continuación, para el expediente n.º {application}. Esta notificación electrónica sustituye a la citación "
         "por correo certificado.",
         "Preséntese con un documento de identidad válido y con los documentos indicados. Si no puede acudir, cambie "
         "o anule la cita con el enlace de abajo para que la plaza pueda asignarse a otra persona."},
        {"Cita cambiada: {date} a las {time}", "Su cita ha sido cambiada. El nuevo horario se indica a continuación.",
         ""},
        {"Cita anulada: {date} a las {time}", "Su cita ha sido anulada y la plaza ha quedado libre.", ""},
        {"Recordatorio: cita el {date} a las {time}",
         "Le recordamos su cita en la ventanilla única de inmigración (Sportello Unico per l'Immigrazione).", ""},
        {"¿Qué tal fue su cita del {date}?",
         "Gracias por su visita a la ventanilla única de inmigración por el expediente n.º {application}.",
         "Puede valorarla de 1 a 5, con un comentario si lo desea: solo lleva unos segundos y nos ayuda a mejorar el "
         "servicio."},
        {"Se ha liberado una plaza para usted: {date} a las {time}",
         "Se ha liberado una plaza en la ventanilla única de inmigración (Sportello Unico per l'Immigrazione) para el "
         "expediente n.º {application}. Se la ofrecemos porque está en la lista de espera.",
         "Si no hace nada, la plaza pasa a la siguiente persona y usted sale de la lista de espera."},
        {"Confirme su cita del {date}",
         "Le rogamos que confirme que acudirá a su cita en la ventanilla única de inmigración (Sportello Unico per "
         "l'Immigrazione).",
         "Si no confirma a tiempo, la cita se libera y la plaza pasa a otra persona."},
        {"Recordatorio: confirme su cita a más tardar el {until}",
         "Todavía no hemos recibido la confirmación de su cita en la ventanilla única de inmigración (Sportello Unico "
         "per l'Immigrazione).",
         "Si no confirma a tiempo, la cita se libera y la plaza pasa a otra persona."},
        {"Su cita del {date} se ha liberado",
         "Su cita no se confirmó a tiempo. Por eso se ha liberado y la plaza ha pasado a otra persona.",
         "Puede reservar una nueva cita cuando quiera. Si tiene preguntas, contacte con la ventanilla."},
        {"Resultado del sorteo: {type} para {month}",
         "El sorteo de plazas para «{type}» en {desk} para {month} ha terminado. Su solicitud no ha obtenido plaza.",
         "Puede apuntarse a la lista de espera, o reservar desde la página de reservas una plaza que siga libre, por "
         "orden de llegada."},
        {"Su consulta {ticket} tiene respuesta",
         "La ventanilla única de inmigración (Sportello Unico per l'Immigrazione) ha respondido a su consulta "
         "{ticket}.",
         "Por confidencialidad, la respuesta no figura en este correo."},
        {"Novedades sobre su expediente {application}",
         "Hay novedades sobre su expediente n.º {application} en la ventanilla única de inmigración "
         "(Sportello Unico per l'Immigrazione):",
         ""},
    }},
}};

}  // namespace

const Phrases& PhrasesIn(Language language) { return kPhrases[static_cast<std::size_t>(language)]; }

const KindText& KindIn(NoticeKind kind, Language language) {
  return kKinds[static_cast<std::size_t>(language)][static_cast<std::size_t>(kind)];
}

}  // namespace sportello::engine::notice_text
