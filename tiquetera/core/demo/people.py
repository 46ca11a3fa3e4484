"""The demo's cast and words: client organizations per country (with tax ids the directory's
validators accept), people, the vendor's agents, and what clients write about. Plain data."""

from __future__ import annotations

from dataclasses import dataclass

from tiquetera.directory.validation import nit_check_digit


@dataclass(frozen=True)
class Client:
    legal_name: str
    domain: str
    tax_id: str
    edition: str = ""


def _nit(base: int) -> str:
    return f"{base}-{nit_check_digit(str(base))}"


# Colombia: three presets share the country, so each takes its own ten (see `clients_for`).
COLOMBIA = [
    Client("Hotel Los Andes S.A.S.", "hotelandes.co", _nit(900417286)),
    Client("Clínica Santa Lucía S.A.", "clinicasantalucia.co", _nit(860031452)),
    Client("Distribuidora El Dorado Ltda.", "eldorado.com.co", _nit(800234117)),
    Client("Cooperativa Cafetera del Quindío", "cafequindio.coop", _nit(890001368)),
    Client("Ferretería La Sabana S.A.S.", "ferresabana.co", _nit(901123594)),
    Client("Colegio San Bartolomé del Norte", "sanbartolome.edu.co", _nit(860007123)),
    Client("Transportes Cóndor S.A.", "transcondor.co", _nit(890903217)),
    Client("Laboratorios Vitalia S.A.S.", "vitalia.com.co", _nit(900654321)),
    Client("Constructora Altavista S.A.", "altavista.co", _nit(830045678)),
    Client("Panadería Doña Rosa S.A.S.", "donarosa.co", _nit(901345672)),
    Client("Hotel Caribe Real S.A.S.", "caribereal.co", _nit(900876543)),
    Client("Hostal Candelaria Colonial", "candelariacolonial.co", _nit(901234567)),
    Client("Hotel Boutique Cafetal", "hotelcafetal.co", _nit(900112233)),
    Client("Apartahotel El Poblado", "aptopoblado.co", _nit(900223344)),
    Client("Hotel Puerta del Sol Santa Marta", "puertadelsol.co", _nit(900334455)),
    Client("Ecohotel Río Claro", "rioclaro.co", _nit(900445566)),
    Client("Hotel Ejecutivo Chicó", "ejecutivochico.co", _nit(900556677)),
    Client("Posada Villa de Leyva", "posadavilla.co", _nit(900667788)),
    Client("Hotel Termales del Ruiz", "termalesruiz.co", _nit(900778899)),
    Client("Hotel Plaza Bolívar Cartagena", "plazabolivar.co", _nit(900889900)),
    Client("Almacenes La Economía S.A.S.", "laeconomia.co", _nit(800345612)),
    Client("Droguería Salud Total Ltda.", "drogsalud.co", _nit(800456723)),
    Client("Textiles del Valle S.A.", "texvalle.co", _nit(890301245)),
    Client("Agroinsumos Los Llanos S.A.S.", "agrollanos.co", _nit(901456783)),
    Client("Inmobiliaria Horizonte Ltda.", "horizonte.co", _nit(800567834)),
    Client("Lácteos La Pradera S.A.", "lapradera.co", _nit(890201356)),
    Client("Centro Médico Nogales S.A.S.", "cmnogales.co", _nit(901567894)),
    Client("Papelería Escolar Nacional", "papelnacional.co", _nit(800678945)),
    Client("Frigorífico San Martín S.A.", "frigosanmartin.co", _nit(890101467)),
    Client("Estación de Servicio El Cruce", "eds-elcruce.co", _nit(901678905)),
]
MEXICO = [
    Client("Comercializadora Azteca S.A. de C.V.", "azteca.com.mx", "CAZ050312K41"),
    Client("Hotel Real de Oaxaca S.A. de C.V.", "realoaxaca.mx", "HRO980715QW2"),
    Client("Farmacias del Bajío S.A. de C.V.", "farmabajio.mx", "FBA110203HJ7"),
    Client("Transportes Norteños S.A. de C.V.", "tnortenos.mx", "TNO020830LM5"),
    Client("Grupo Industrial Monterrey", "gimonterrey.mx", "GIM930421AB3"),
    Client("Escuela Cervantes de Puebla A.C.", "cervantespuebla.edu.mx", "ECP870905RT8"),
    Client("Restaurantes La Hacienda S.A.", "lahacienda.mx", "RLH150618PZ1"),
    Client("Abarrotes Don Chuy S.A. de C.V.", "donchuy.mx", "ADC120101XY4"),
    Client("Clínica Dental Sonrisa S.C.", "sonrisa.mx", "CDS160229MN6"),
    Client("Constructora Pacífico S.A. de C.V.", "cpacifico.mx", "CPA081117UV9"),
]
PANAMA = [
    Client("Importadora del Istmo S.A.", "istmo.com.pa", "155612345-2-2021 DV 45", "WEB"),
    Client("Hotel Casco Viejo S.A.", "cascoviejo.pa", "155623456-1-2019 DV 12", "LOCAL"),
    Client("Farmacia Arrocha Centro", "arrochacentro.pa", "2345-678-90123 DV 33", "WEB"),
    Client("Logística Colón Libre S.A.", "colonlibre.pa", "155634567-2-2020 DV 07", "LOCAL"),
    Client("Supermercado El Machetazo Norte", "machetazonorte.pa", "1234-567-89012", "WEB"),
    Client("Clínica Hospital San Fernando", "csfernando.pa", "155645678-1-2018 DV 21", "LOCAL"),
    Client("Constructora Chiriquí S.A.", "cchiriqui.pa", "155656789-2-2022 DV 88", "WEB"),
    Client("Colegio Internacional de Panamá", "cip.edu.pa", "3456-789-01234 DV 05", "LOCAL"),
    Client("Restaurante Mar del Sur", "mardelsur.pa", "155667890-1-2017 DV 64", "WEB"),
    Client("Seguros Bahía S.A.", "segurosbahia.pa", "155678901-2-2016 DV 39", "LOCAL"),
]
COUNTRY_CLIENTS = {"CO": COLOMBIA, "MX": MEXICO, "PA": PANAMA}
PHONES = {
    "CO": ("+57 310 614 99{:02d}", "+57 601 742 31{:02d}"),
    "MX": ("+52 55 1234 56{:02d}", "+52 33 3615 20{:02d}"),
    "PA": ("+507 6612 34{:02d}", "+507 223 45{:02d}"),
}

FIRST_NAMES = [
    "Luisa Fernanda",
    "Andrés",
    "Carolina",
    "Juan Pablo",
    "María José",
    "Santiago",
    "Diana",
    "Felipe",
    "Paola",
    "Camilo",
    "Natalia",
    "Sebastián",
    "Valentina",
    "Mauricio",
    "Catalina",
    "Ricardo",
    "Lorena",
    "Hernán",
    "Adriana",
    "Óscar",
    "Marcela",
    "Gustavo",
    "Juliana",
    "Iván",
]
LAST_NAMES = [
    "Ríos",
    "Gómez",
    "Restrepo",
    "Martínez",
    "Ospina",
    "Londoño",
    "Vargas",
    "Cárdenas",
    "Salazar",
    "Mejía",
    "Castaño",
    "Rojas",
    "Pardo",
    "Quintero",
    "Arango",
    "Zapata",
    "Herrera",
    "Muñoz",
    "Valencia",
    "Duque",
    "Téllez",
    "Ibáñez",
    "Córdoba",
    "Núñez",
]


@dataclass(frozen=True)
class AgentSpec:
    username: str
    first_name: str
    last_name: str
    teams: tuple[str, ...]
    skills: tuple[str, ...]
    vendor_admin: bool = False


TEAMS = {"soporte-n1": "Soporte N1", "soporte-n2": "Soporte N2", "desarrollo": "I+D"}
# Modules clients name in the case's "module" field; agents know some of them (routing by skill).
MODULES = ("Facturación", "Nómina", "Contabilidad", "Inventario", "Reservas", "Punto de venta")
AGENTS = [
    AgentSpec("admin", "Administración", "", ("soporte-n2",), MODULES, vendor_admin=True),
    AgentSpec("agente", "Ana", "Torres", ("soporte-n1",), ("Facturación", "Reservas")),
    AgentSpec("carlos", "Carlos", "Mejía", ("soporte-n1",), ("Nómina", "Contabilidad")),
    AgentSpec("lucia", "Lucía", "Ramírez", ("soporte-n1", "soporte-n2"), ("Inventario",)),
    AgentSpec("jorge", "Jorge", "Salazar", ("soporte-n2", "desarrollo"), ("Punto de venta",)),
]

APPLICATIONS = ("ERP Contable", "Nómina Web", "POS Tienda", "Hotel PMS", "App móvil")
FIELD_VALUES = {
    "application": APPLICATIONS,
    "module": MODULES,
    "process": ("Cierre de día", "Liquidación de nómina", "Facturación electrónica", "Check-out"),
    "menu_path": (
        "Facturación > Documentos > Factura",
        "Nómina > Liquidación > Quincenal",
        "Inventario > Kárdex > Ajustes",
        "Reservas > Grupo > Modificar",
    ),
    "document_type": ("Factura electrónica", "Nota crédito", "Recibo de caja"),
    "third_party": ("DIAN", "Banco de Bogotá", "Operador PILA"),
    "error_code": ("E-501", "FE-0023", "TIMEOUT-17", "SQL-1205"),
}

# What clients write, by the case type's kind: (subject, description)
STORIES = {
    "incident": [
        (
            "No se puede generar la factura electrónica",
            "Al enviar la factura a la DIAN aparece el error FE-0023 y queda en estado "
            "pendiente. Pasa con todas las facturas desde esta mañana.",
        ),
        (
            "El cierre de día se queda pegado",
            "En el menú Cierre de día la barra de progreso llega al 80 % y no avanza. "
            "Esperamos más de una hora y tocó cerrar el programa.",
        ),
        (
            "Error al liquidar la nómina quincenal",
            "La liquidación muestra valores negativos en horas extra para tres empleados. "
            "Adjuntamos el reporte del periodo.",
        ),
        (
            "El punto de venta no imprime el tiquete",
            "La impresora térmica funciona con otras aplicaciones, pero el POS muestra "
            "«dispositivo no disponible» al cobrar.",
        ),
        (
            "Descuadre en el inventario de bodega",
            "El kárdex muestra 120 unidades del producto 4471 y en el conteo físico hay 96. "
            "No hemos hecho ajustes manuales.",
        ),
        (
            "Las reservas de grupo no aparecen en el calendario",
            "Creamos una reserva de grupo para 14 habitaciones y no se ve en el calendario de "
            "ocupación, aunque sí sale en el listado.",
        ),
        (
            "Lentitud general en el sistema",
            "Desde el lunes todas las pantallas tardan más de 20 segundos en abrir. Somos 12 "
            "usuarios conectados.",
        ),
    ],
    "request": [
        (
            "Crear un usuario para la nueva contadora",
            "Necesitamos un usuario con permisos de contabilidad para Marcela Pardo, que entra "
            "el próximo lunes.",
        ),
        (
            "Cambiar la resolución de facturación",
            "La DIAN nos asignó una nueva resolución con el rango 5001 a 10000; necesitamos "
            "configurarla antes del viernes.",
        ),
        (
            "Restaurar la base de datos de pruebas",
            "Quisiéramos una copia de la base de producción en el ambiente de pruebas para "
            "que dos personas nuevas practiquen.",
        ),
        (
            "Activar el módulo de nómina electrónica",
            "Compramos el módulo de nómina electrónica y necesitamos que lo activen en nuestra "
            "licencia.",
        ),
    ],
    "question": [
        (
            "¿Cómo se anula una factura ya enviada?",
            "Un cliente nos pidió anular una factura del mes pasado. ¿Debemos hacer nota "
            "crédito o se puede anular directamente?",
        ),
        (
            "Consulta sobre el reporte de ventas por vendedor",
            "¿Existe un reporte que muestre las ventas del mes agrupadas por vendedor y por sede?",
        ),
        (
            "¿Dónde se configuran los días festivos?",
            "Las horas extra del festivo del lunes no se calcularon como dominicales. ¿Dónde "
            "se cargan los festivos?",
        ),
    ],
    "feature": [
        (
            "Exportar el libro auxiliar a Excel",
            "Sería muy útil poder exportar el libro auxiliar por tercero directamente a Excel, "
            "con los filtros aplicados.",
        ),
        (
            "Enviar la factura por WhatsApp al cliente",
            "Muchos de nuestros clientes prefieren recibir la factura por WhatsApp en lugar de "
            "correo.",
        ),
    ],
    "bug": [
        (
            "El total del reporte no coincide con el detalle",
            "El reporte de cartera muestra un total de 12.450.000 pero la suma del detalle da "
            "12.390.000. Parece un error de redondeo.",
        ),
        (
            "La fecha de vencimiento se calcula mal en febrero",
            "Las facturas con 30 días de plazo emitidas el 31 de enero quedan venciendo el 3 "
            "de marzo.",
        ),
    ],
}

REPLIES = [
    "Buenos días, ya estamos revisando su caso. Le escribimos en cuanto tengamos novedades.",
    "Gracias por la información. Pudimos reproducir el error en nuestro ambiente de pruebas.",
    "Le compartimos los pasos para corregirlo; por favor confírmenos si le funcionó.",
    "Aplicamos el ajuste en su servidor. ¿Puede validar desde su equipo?",
]
WAITING = [
    "Para continuar necesitamos una captura de pantalla del error y la hora exacta en que ocurrió.",
    "¿Nos puede indicar a qué número de documento corresponde? Quedamos atentos.",
]
RESOLUTIONS = [
    "Se corrigió la configuración del certificado de firma; las facturas ya se envían.",
    "Se reindexó la base de datos y el proceso termina en menos de dos minutos.",
    "Se ajustó el parámetro de redondeo del módulo y se reprocesaron los documentos.",
    "Se explicó el procedimiento paso a paso; el cliente lo realizó con éxito.",
    "Se creó el usuario con el perfil solicitado y se enviaron las credenciales.",
]
RATING_COMMENTS = {
    5: "Excelente atención, muy rápidos.",
    4: "Bien, aunque tardaron un poco en responder.",
    3: "Se resolvió, pero tuvimos que insistir.",
    2: "La solución tardó demasiado.",
    1: "",
}

CANNED_RESPONSES = [
    (
        "Saludo y recibido",
        "Buenos días, {{ nombre }}. Recibimos su caso y ya lo estamos revisando. Le escribiremos "
        "en cuanto tengamos novedades.",
    ),
    (
        "Pedir captura de pantalla",
        "Para avanzar necesitamos una captura de pantalla completa del error, con la fecha y hora "
        "visibles, y el usuario con el que ingresó.",
    ),
    (
        "Reiniciar el servicio de impresión",
        "Por favor cierre el programa, reinicie el servicio «Cola de impresión» de Windows y "
        "vuelva a intentarlo. Si persiste, responda a este mensaje.",
    ),
    (
        "Caso resuelto: confirmar",
        "Aplicamos la solución descrita. Le agradecemos confirmar que todo funciona; si no "
        "recibimos respuesta en tres días hábiles, cerraremos el caso.",
    ),
    (
        "Fuera del alcance del soporte",
        "Lo que describe corresponde a un desarrollo a medida, fuera del alcance de su plan. "
        "Con gusto le enviamos una cotización.",
    ),
]

KB_CATEGORIES = [("primeros-pasos", "Primeros pasos"), ("facturacion", "Facturación")]
KB_ARTICLES = [
    (
        "primeros-pasos",
        "Cómo abrir un caso de soporte bien detallado",
        "Un buen caso se atiende más rápido. Incluya:\n\n"
        "1. **La ruta exacta** del menú donde ocurre.\n"
        "2. **Los datos** que ingresó (números de documento, fechas).\n"
        "3. **El mensaje de error** completo, o una captura de pantalla.\n"
        "4. **Desde cuándo** ocurre y a cuántos usuarios afecta.",
    ),
    (
        "primeros-pasos",
        "Horarios de atención y tiempos de respuesta",
        "Atendemos en el horario de su plan. Los tiempos de respuesta se cuentan en horas "
        "hábiles: los festivos y los fines de semana no cuentan, salvo en el horario de "
        "urgencias.",
    ),
    (
        "facturacion",
        "La factura electrónica queda «pendiente» en la DIAN",
        "Si una factura queda pendiente:\n\n"
        "- Verifique la vigencia del **certificado de firma** en *Configuración > Certificados*.\n"
        "- Revise que la **resolución de facturación** esté vigente y tenga rango disponible.\n"
        "- Reenvíe desde *Facturación > Documentos > Reenviar*.",
    ),
    (
        "facturacion",
        "Anular una factura: nota crédito paso a paso",
        "Una factura electrónica aceptada no se borra: se anula con una **nota crédito** por el "
        "valor total, desde *Facturación > Notas crédito > Nueva*, referenciando la factura.",
    ),
]
ANNOUNCEMENTS = [
    (
        "Mantenimiento programado del servidor de facturación",
        "El sábado de 10:00 p. m. a 2:00 a. m. actualizaremos el servidor de facturación "
        "electrónica. Durante ese lapso no se podrán enviar documentos.",
    ),
    (
        "Nueva versión 2026.4 disponible",
        "La versión 2026.4 trae el reporte de ventas por vendedor, mejoras en el cierre de día y "
        "correcciones de redondeo en cartera.",
    ),
]


def clients_for(country: str, preset_index: int, count: int) -> list[Client]:
    """`count` clients of `country`; presets of the same country get different ones."""
    pool = COUNTRY_CLIENTS.get(country, COLOMBIA)
    start = (preset_index * count) % len(pool)
    return [pool[(start + n) % len(pool)] for n in range(min(count, len(pool)))]
