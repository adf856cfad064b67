<?php
define('MY_DB_PASS', 'Pw!x');
define('CIVICRM_DSN', 'mysql://u:' . MY_DB_PASS . '@h/db?new_link=true');
define('CIVICRM_LOGGING_DSN', CIVICRM_DSN);
