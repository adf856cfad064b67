<?php
define('CIVICRM_DSN', 'mysql://u:p@unix(/var/run/mysqld/mysqld2.sock)/civi?new_link=true');
