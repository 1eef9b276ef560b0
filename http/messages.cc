#include "http/messages.h"

#include <array>

namespace sportello::http {

namespace {

using Titles = std::array<std::string_view, 4>;  // it, en, fr, es

Titles TitlesOf(engine::Error error) {
  using engine::Error;
  switch (error) {
    case Error::invalid_request:
      return {"La richiesta non è valida.", "The request is not valid.", "La demande n'est pas valide.",
              "La solicitud no es válida."};
    case Error::not_found:
      return {"Non trovato.", "Not found.", "Introuvable.", "No encontrado."};
    case Error::self_booking_disabled:
      return {"Questo sportello non accetta ancora prenotazioni online: sarà lo sportello a convocarla.",
              "This desk does not take online bookings yet: the desk will convene you.",
              "Ce guichet n'accepte pas encore les réservations en ligne : le guichet vous convoquera.",
              "Esta oficina aún no acepta reservas en línea: la oficina le convocará."};
    case Error::application_not_verified:
      return {"Numero di pratica o codice fiscale non corrispondono a una pratica di questo sportello.",
              "The application number or tax code does not match an application at this desk.",
              "Le numéro de dossier ou le code fiscal ne correspond à aucun dossier de ce guichet.",
              "El número de expediente o el código fiscal no corresponden a un expediente de esta oficina."};
    case Error::type_not_allowed:
      return {"La pratica non consente di prenotare questo tipo di appuntamento.",
              "This application cannot book this type of appointment.",
              "Ce dossier ne permet pas de réserver ce type de rendez-vous.",
              "Este expediente no permite reservar este tipo de cita."};
    case Error::outside_booking_window:
      return {"Questo orario non è prenotabile ora: è troppo vicino o troppo lontano nel tempo.",
              "This time cannot be booked now: it is too soon or too far ahead.",
              "Ce créneau ne peut pas être réservé maintenant : il est trop proche ou trop lointain.",
              "Este horario no se puede reservar ahora: está demasiado cerca o demasiado lejos."};
    case Error::not_a_slot:
      return {"Questo orario non è una fascia di appuntamento dello sportello.",
              "This time is not an appointment slot of the desk.",
              "Cet horaire n'est pas un créneau de rendez-vous du guichet.",
              "Este horario no es una franja de cita de la oficina."};
    case Error::slot_full:
      return {"Questo orario è appena stato occupato: scelga un altro orario.",
              "This time has just been taken: please choose another one.",
              "Ce créneau vient d'être pris : veuillez en choisir un autre.",
              "Este horario acaba de ser ocupado: elija otro."};
    case Error::already_booked:
      return {"Ha già un appuntamento di questo tipo: può spostarlo o annullarlo.",
              "You already have an appointment of this type: you can move or cancel it.",
              "Vous avez déjà un rendez-vous de ce type : vous pouvez le déplacer ou l'annuler.",
              "Ya tiene una cita de este tipo: puede cambiarla o cancelarla."};
    case Error::too_late_to_change:
      return {"È troppo tardi per modificare o annullare online questo appuntamento: contatti lo sportello.",
              "It is too late to change or cancel this appointment online: please contact the desk.",
              "Il est trop tard pour modifier ou annuler ce rendez-vous en ligne : contactez le guichet.",
              "Es demasiado tarde para cambiar o cancelar esta cita en línea: contacte con la oficina."};
    case Error::too_early:
      return {"È troppo presto: si potrà fare dal giorno dell'appuntamento.",
              "It is too early: this can be done from the day of the appointment.",
              "C'est trop tôt : ce sera possible à partir du jour du rendez-vous.",
              "Es demasiado pronto: se podrá hacer a partir del día de la cita."};
    case Error::outside_checkin_window:
      return {"Il check-in è possibile da 60 minuti prima a 15 minuti dopo l'orario dell'appuntamento: se è in "
              "anticipo attenda, se è in ritardo si rivolga al banco informazioni.",
              "Check-in opens 60 minutes before the appointment and closes 15 minutes after it: if you are early, "
              "please wait; if you are late, please ask at the information desk.",
              "L'enregistrement est possible de 60 minutes avant à 15 minutes après l'heure du rendez-vous : en "
              "avance, patientez ; en retard, adressez-vous à l'accueil.",
              "El registro es posible desde 60 minutos antes hasta 15 minutos después de la hora de la cita: si "
              "llega antes, espere; si llega tarde, diríjase al mostrador de información."};
    case Error::not_checkable:
      return {"Questa prenotazione non è per oggi o non è più attiva: si rivolga al banco informazioni.",
              "This booking is not for today or is no longer active: please ask at the information desk.",
              "Cette réservation n'est pas pour aujourd'hui ou n'est plus active : adressez-vous à l'accueil.",
              "Esta reserva no es para hoy o ya no está activa: diríjase al mostrador de información."};
    case Error::not_attended:
      return {"Potrà dare un giudizio dopo la visita allo sportello.",
              "You can rate your visit once it has taken place.",
              "Vous pourrez donner votre avis après votre visite au guichet.",
              "Podrá valorar su visita una vez realizada."};
    case Error::already_rated:
      return {"Ha già dato un giudizio su questa visita: grazie.",
              "You have already rated this visit: thank you.",
              "Vous avez déjà donné votre avis sur cette visite : merci.",
              "Ya ha valorado esta visita: gracias."};
    case Error::waitlist_closed:
      return {"Per questo tipo di appuntamento non c'è una lista d'attesa.",
              "There is no waiting list for this type of appointment.",
              "Il n'y a pas de liste d'attente pour ce type de rendez-vous.",
              "No hay lista de espera para este tipo de cita."};
    case Error::already_waiting:
      return {"È già in lista d'attesa per questo tipo di appuntamento.",
              "You are already on the waiting list for this type of appointment.",
              "Vous êtes déjà sur la liste d'attente pour ce type de rendez-vous.",
              "Ya está en la lista de espera para este tipo de cita."};
    case Error::no_offer:
      return {"Al momento non c'è un posto proposto per lei: la avviseremo appena se ne libera uno.",
              "No seat is offered to you at the moment: we will tell you as soon as one frees up.",
              "Aucune place ne vous est proposée pour le moment : nous vous préviendrons dès qu'une place se libère.",
              "Por ahora no se le ofrece ninguna plaza: le avisaremos en cuanto quede una libre."};
    case Error::offer_expired:
      return {"Il tempo per accettare questo posto è scaduto.", "The time to accept this seat has run out.",
              "Le délai pour accepter cette place est dépassé.", "El plazo para aceptar esta plaza ha vencido."};
    case Error::outside_reconfirm_window:
      return {"La conferma è possibile solo nei giorni indicati nel messaggio.",
              "Confirmation is possible only on the days given in the message.",
              "La confirmation n'est possible qu'aux jours indiqués dans le message.",
              "La confirmación solo es posible en los días indicados en el mensaje."};
    case Error::draw_in_progress:
      return {"I posti di questo mese sono in estrazione: si possono richiedere, non prenotare subito.",
              "The seats of this month are being drawn: they can be requested, not booked at once.",
              "Les places de ce mois font l'objet d'un tirage : on peut les demander, pas les réserver tout de suite.",
              "Las plazas de este mes se sortean: se pueden solicitar, no reservar en el acto."};
    case Error::draw_closed:
      return {"Le richieste per questa estrazione non sono aperte.",
              "Requests for this draw are not open.",
              "Les demandes pour ce tirage ne sont pas ouvertes.",
              "Las solicitudes para este sorteo no están abiertas."};
    case Error::already_requested:
      return {"Ha già inviato una richiesta per questa estrazione.",
              "You have already sent a request for this draw.",
              "Vous avez déjà envoyé une demande pour ce tirage.",
              "Ya ha enviado una solicitud para este sorteo."};
    case Error::already_claimed:
      return {"Questa domanda è già in carico a un altro operatore.",
              "Another member of staff has already taken this question.",
              "Un autre agent a déjà pris cette question en charge.",
              "Otro miembro del personal ya se ha hecho cargo de esta pregunta."};
    case Error::question_closed:
      return {"Questa domanda è chiusa: per altro, ne invii una nuova.",
              "This question is closed: for anything else, please send a new one.",
              "Cette question est close : pour autre chose, envoyez-en une nouvelle.",
              "Esta pregunta está cerrada: para cualquier otra cosa, envíe una nueva."};
    case Error::too_many_questions:
      return {"Ha già troppe domande aperte: scriva in una di quelle.",
              "You already have too many open questions: please write in one of them.",
              "Vous avez déjà trop de questions ouvertes : écrivez dans l'une d'elles.",
              "Ya tiene demasiadas preguntas abiertas: escriba en una de ellas."};
    case Error::unauthorized:
      return {"Accesso richiesto.", "Sign-in required.", "Connexion requise.", "Se requiere iniciar sesión."};
    case Error::forbidden:
      return {"Non autorizzato per questo sportello.", "Not allowed for this desk.",
              "Non autorisé pour ce guichet.", "No autorizado para esta oficina."};
    case Error::proof_of_work_required:
      return {"Questo sportello chiede una breve verifica automatica del browser: riprovi.",
              "This desk asks for a short automatic check by your browser: please try again.",
              "Ce guichet demande une courte vérification automatique par votre navigateur : réessayez.",
              "Esta oficina pide una breve verificación automática del navegador: inténtelo de nuevo."};
    case Error::rate_limited:
      return {"Troppe richieste: riprovi tra poco.", "Too many requests: please try again shortly.",
              "Trop de demandes : réessayez dans un instant.", "Demasiadas solicitudes: inténtelo de nuevo en breve."};
    case Error::payload_too_large:
      return {"La richiesta è troppo grande.", "The request is too large.", "La demande est trop volumineuse.",
              "La solicitud es demasiado grande."};
    case Error::internal:
      return {"Errore interno: riprovi più tardi.", "Internal error: please try again later.",
              "Erreur interne : réessayez plus tard.", "Error interno: inténtelo más tarde."};
    case Error::unavailable:
      return {"Servizio momentaneamente non disponibile: riprovi tra poco.",
              "The service is briefly unavailable: please try again shortly.",
              "Service momentanément indisponible : réessayez dans un instant.",
              "Servicio no disponible por un momento: inténtelo de nuevo en breve."};
  }
  return TitlesOf(engine::Error::internal);
}

}  // namespace

std::string_view ErrorTitle(engine::Error error, engine::Language language) {
  return TitlesOf(error)[static_cast<std::size_t>(language)];
}

}  // namespace sportello::http
