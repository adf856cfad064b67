<?php
define('CIVICRM_DSN', "mysql://u:pa\$\$word@h/db?new_link=true");
define('CIVICRM_UF_DSN', "mysql://u:pa$1x@h/db?new_link=true");
define('CIVICRM_LOGGING_DSN', "mysql://u:p\x41\101\u{e9}@h/db?new_link=true");
