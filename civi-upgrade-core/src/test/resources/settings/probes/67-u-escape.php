<?php
define('CIVICRM_DSN', "mysql://u:p\u{zz}@h/db?new_link=true");
